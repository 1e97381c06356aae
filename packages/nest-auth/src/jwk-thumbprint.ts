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
/** Key types a JWKS may publish: a shared secret (`oct`) is never public. */
const PUBLIC_KEY_TYPES: ReadonlySet<string> = new Set(['RSA', 'EC', 'OKP']);

/**
 * The RFC 7638 thumbprint (SHA-256, base64url) of a JWK of any type, secrets included; Warden
 * uses it as the `kid` of every key it makes. Throws a TypeError for an unknown key type or a
 * missing member.
 *
 * @example
 * ```ts
 * const kid = jwkThumbprint(await exportJWK(publicKey));
 * ```
 */
export function jwkThumbprint(jwk: Readonly<Record<string, unknown>>): string {
  const canonical = canonicalJson(jwk);
  if ('problem' in canonical) throw new TypeError(canonical.problem);
  return sha256(canonical.json);
}

/**
 * The RFC 7638 thumbprint of a public JWK (RSA, EC, OKP), or undefined for anything else, such as
 * a symmetric key or one with a member missing: what a JWKS consumer pins keys by.
 *
 * @example
 * ```ts
 * const pinned = jwks.keys.filter((jwk) => publicJwkThumbprint(jwk) === expected);
 * ```
 */
export function publicJwkThumbprint(jwk: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof jwk.kty !== 'string' || !PUBLIC_KEY_TYPES.has(jwk.kty)) return undefined;
  const canonical = canonicalJson(jwk);
  return 'problem' in canonical ? undefined : sha256(canonical.json);
}

/** RFC 7638 §3.3: the required members only, in order, without whitespace; or why not. */
function canonicalJson(
  jwk: Readonly<Record<string, unknown>>,
): { json: string } | { problem: string } {
  const kty = jwk.kty;
  const members = typeof kty === 'string' ? REQUIRED_MEMBERS[kty] : undefined;
  if (!members) return { problem: `Unsupported JWK key type: ${String(kty)}` };
  const canonical: Record<string, string> = {};
  for (const member of members) {
    const value = jwk[member];
    if (typeof value !== 'string') return { problem: `JWK member "${member}" is missing` };
    canonical[member] = value;
  }
  // JSON.stringify keeps insertion order, which REQUIRED_MEMBERS makes lexicographic.
  return { json: JSON.stringify(canonical) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
