import { createHash } from 'node:crypto';

/**
 * RFC 7638 §3.2: the members that define each key type, in lexicographic order. Other members
 * (kid, alg, use, d, ...) never enter the hash, so the thumbprint names the key, not its wrapper.
 */
const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

/** The RFC 7638 JWK thumbprint (SHA-256, base64url), used as the `kid` of every key. */
export function jwkThumbprint(jwk: Readonly<Record<string, unknown>>): string {
  const kty = jwk.kty;
  const members = typeof kty === 'string' ? REQUIRED_MEMBERS[kty] : undefined;
  if (!members) throw new TypeError(`Unsupported JWK key type: ${String(kty)}`);
  const canonical: Record<string, string> = {};
  for (const member of members) {
    const value = jwk[member];
    if (typeof value !== 'string') throw new TypeError(`JWK member "${member}" is missing`);
    canonical[member] = value;
  }
  // RFC 7638 §3.3: no whitespace, members in order; JSON.stringify keeps insertion order.
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}
