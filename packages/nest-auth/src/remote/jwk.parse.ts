import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import type { ResolvedKey } from '../key-resolver';
import { ownMember } from '../jwt/compact-jws.parser';
import { isJwsAlgorithm, MAX_KID_LENGTH } from '../jwt/jws-header.check';
import { keyFitsAlgorithm } from '../jwt/jws-signature.verify';
import { publicJwkThumbprint } from '../jwk-thumbprint';

export interface JwkRules {
  /** The verifier's allow-list: a key whose `alg` is not in it is never loaded. */
  algorithms: ReadonlySet<string>;
  /** When set, only keys whose RFC 7638 thumbprint is listed are loaded (key pinning). */
  allowedThumbprints?: ReadonlySet<string>;
}

export type JwkParseResult = { key: ResolvedKey } | { skipped: string };

const HMAC_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512']);
// Private members (RFC 7518 §6.2.2, §6.3.2, §6.4.1): a JWKS that publishes them is broken.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * One key of a remote JWK Set, parsed once into a KeyObject, or the reason it was skipped. Only
 * signature keys (`use: "sig"`) of an allow-listed asymmetric `alg` are kept: a JWKS is public,
 * so an HMAC key found in one would let anyone sign (RFC 8725 §3.1); a key must state its alg,
 * because the verifier takes the alg from the key, never from the token.
 */
export function parseJwk(jwk: unknown, rules: JwkRules): JwkParseResult {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return skip('not an object');
  const member = (name: string): unknown => ownMember(jwk, name);
  const kid = member('kid');
  const alg = member('alg');
  const use = member('use');
  const keyOps = member('key_ops');
  if (typeof kid !== 'string' || kid.length === 0) return skip('no kid');
  if (kid.length > MAX_KID_LENGTH) return skip('kid too long');
  if (use !== 'sig') return skip('use is not sig');
  if (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes('verify'))) {
    return skip('key_ops without verify');
  }
  if (typeof alg !== 'string') return skip('no alg');
  if (HMAC_ALGORITHMS.has(alg) || member('kty') === 'oct') return skip('symmetric key');
  if (!isJwsAlgorithm(alg) || !rules.algorithms.has(alg)) return skip(`alg ${alg} not allowed`);
  if (PRIVATE_MEMBERS.some((name) => member(name) !== undefined)) return skip('private members');
  const thumbprint = publicJwkThumbprint(jwk as Record<string, unknown>);
  if (thumbprint === undefined) return skip('unsupported key type');
  if (rules.allowedThumbprints !== undefined && !rules.allowedThumbprints.has(thumbprint)) {
    return skip('thumbprint not allowed');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return skip('unparseable key');
  }
  if (!keyFitsAlgorithm(key, alg)) return skip(`key does not fit ${alg}`);
  return { key: { kid, alg, key } };
}

function skip(reason: string): JwkParseResult {
  return { skipped: reason };
}
