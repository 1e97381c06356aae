import { createHash } from 'node:crypto';

/**
 * RFC 7638 §3.2: the members that define each key type, in lexicographic order. Kept here rather
 * than imported from the service's key store, so the library never loads the service's modules.
 */
const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

/** The RFC 7638 SHA-256 thumbprint (base64url) of a public JWK, or undefined if it has none. */
export function publicJwkThumbprint(jwk: Readonly<Record<string, unknown>>): string | undefined {
  const kty = jwk.kty;
  const members = typeof kty === 'string' ? REQUIRED_MEMBERS[kty] : undefined;
  if (members === undefined) return undefined;
  const canonical: Record<string, string> = {};
  for (const member of members) {
    const value = jwk[member];
    if (typeof value !== 'string') return undefined;
    canonical[member] = value;
  }
  // RFC 7638 §3.3: no whitespace, members in order; JSON.stringify keeps insertion order.
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}
