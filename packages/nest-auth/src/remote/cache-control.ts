/**
 * The freshness lifetime a JWKS response grants, in seconds (RFC 9111 §5.2.2): `no-store` and
 * `no-cache` grant none, `max-age=N` grants N; undefined when the header says nothing about it.
 */
export function cacheLifetimeSeconds(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  let lifetime: number | undefined;
  for (const directive of cacheControl.split(',')) {
    const [rawName, rawValue] = directive.split('=', 2);
    const name = rawName.trim().toLowerCase();
    if (name === 'no-store' || name === 'no-cache') return 0;
    if (name !== 'max-age' || rawValue === undefined) continue;
    const value = rawValue.trim().replace(/^"(.*)"$/, '$1');
    if (/^\d{1,10}$/.test(value)) lifetime = Number(value);
  }
  return lifetime;
}
