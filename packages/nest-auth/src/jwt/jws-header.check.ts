import { TokenInvalidError } from '../errors/token.errors';
import { ownMember } from './compact-jws.parser';

/**
 * The JWS algorithms Warden signs with and verifies (docs/architecture.md §3).
 * `none` is never one of them.
 */
export const JWS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256', 'HS512'] as const;
export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];

export interface CheckedJwsHeader {
  alg: JwsAlgorithm;
  kid: string;
}

export const MAX_KID_LENGTH = 256;

// RFC 9068 §4: "at+jwt"; RFC 7515 §4.1.9 allows the full media type and compares it
// case-insensitively.
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);
// Headers that would point the verifier at a key of the sender's choosing (RFC 8725 §3.10).
const KEY_POINTING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;

/**
 * The header rules of docs/architecture.md §3 and RFC 8725: an allow-listed `alg` (exact,
 * case-sensitive, so "none"/"NONE" fail), typ `at+jwt` (so an ID token or another JWT type cannot
 * pose as an access token), no `crit` at all (RFC 7515 §4.1.11: we understand no extension), no
 * key-pointing headers, and a short `kid`.
 */
export function checkJwsHeader(
  header: Record<string, unknown>,
  allowedAlgorithms: ReadonlySet<string>,
): CheckedJwsHeader {
  const alg = ownMember(header, 'alg');
  const typ = ownMember(header, 'typ');
  const kid = ownMember(header, 'kid');
  if (typeof alg !== 'string' || !allowedAlgorithms.has(alg)) throw invalid('alg not allowed');
  if (typeof typ !== 'string' || !ACCESS_TOKEN_TYPES.has(typ.toLowerCase())) {
    throw invalid('typ is not at+jwt');
  }
  if (ownMember(header, 'crit') !== undefined) throw invalid('crit header present');
  for (const name of KEY_POINTING_HEADERS) {
    if (ownMember(header, name) !== undefined) throw invalid(`${name} header present`);
  }
  if (typeof kid !== 'string' || kid.length === 0) throw invalid('kid missing');
  if (kid.length > MAX_KID_LENGTH) throw invalid('kid too long');
  return { alg: alg as JwsAlgorithm, kid };
}

export function isJwsAlgorithm(value: string): value is JwsAlgorithm {
  return (JWS_ALGORITHMS as readonly string[]).includes(value);
}

function invalid(reason: string): TokenInvalidError {
  return new TokenInvalidError(reason);
}
