import { constants, createHmac, KeyObject, timingSafeEqual, verify } from 'node:crypto';
import type { JwsAlgorithm } from './jws-header.check';

/**
 * Whether `key` may verify `alg`: checked once per key object (the result is cached), so a
 * resolver that hands an RSA public key to an HS256 token (RFC 8725 §2.1, algorithm confusion)
 * or a P-384 key to ES256 fails before any crypto runs.
 */
export function keyFitsAlgorithm(key: KeyObject, alg: JwsAlgorithm): boolean {
  let fits = FITS.get(key)?.get(alg);
  if (fits === undefined) {
    fits = computeFit(key, alg);
    const perKey = FITS.get(key) ?? new Map<JwsAlgorithm, boolean>();
    perKey.set(alg, fits);
    FITS.set(key, perKey);
  }
  return fits;
}

const FITS = new WeakMap<KeyObject, Map<JwsAlgorithm, boolean>>();

function computeFit(key: KeyObject, alg: JwsAlgorithm): boolean {
  const details = key.asymmetricKeyDetails;
  switch (alg) {
    case 'RS256':
      return isPublic(key, 'rsa') && (details?.modulusLength ?? 0) >= 2048;
    case 'PS256':
      return (
        (isPublic(key, 'rsa') || isPublic(key, 'rsa-pss')) && (details?.modulusLength ?? 0) >= 2048
      );
    case 'ES256':
      return isPublic(key, 'ec') && details?.namedCurve === 'prime256v1';
    case 'EdDSA':
      return isPublic(key, 'ed25519');
    // RFC 7518 §3.2: an HMAC key at least as long as the hash output.
    case 'HS256':
      return key.type === 'secret' && (key.symmetricKeySize ?? 0) >= 32;
    case 'HS512':
      return key.type === 'secret' && (key.symmetricKeySize ?? 0) >= 64;
  }
}

function isPublic(key: KeyObject, type: string): boolean {
  return key.type === 'public' && key.asymmetricKeyType === type;
}

/**
 * RFC 7518 §3: one signature check with node:crypto on an already parsed key. The caller has
 * checked `keyFitsAlgorithm` first.
 */
export function verifyJwsSignature(
  alg: JwsAlgorithm,
  key: KeyObject,
  signingInput: Buffer,
  signature: Buffer,
): boolean {
  switch (alg) {
    case 'RS256':
      return verify('sha256', signingInput, key, signature);
    case 'PS256':
      // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash (32 bytes), exactly.
      return verify(
        'sha256',
        signingInput,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        signature,
      );
    case 'ES256':
      // RFC 7518 §3.4: R || S, 32 bytes each, not DER.
      return (
        signature.length === 64 &&
        verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)
      );
    case 'EdDSA':
      // RFC 8037 §3.1: Ed25519 hashes internally, hence no digest name.
      return signature.length === 64 && verify(null, signingInput, key, signature);
    case 'HS256':
      return hmacEquals('sha256', 32, key, signingInput, signature);
    case 'HS512':
      return hmacEquals('sha512', 64, key, signingInput, signature);
  }
}

function hmacEquals(
  digest: string,
  length: number,
  key: KeyObject,
  signingInput: Buffer,
  signature: Buffer,
): boolean {
  if (signature.length !== length) return false;
  return timingSafeEqual(createHmac(digest, key).update(signingInput).digest(), signature);
}
