import { constants, createHmac, sign } from 'node:crypto';
import type { SigningKey } from './signing-key';

/**
 * Signs a JWS in compact serialization (RFC 7515 §7.1) with a loaded signing key, straight on
 * node:crypto: no key parsing per call. `alg` and `kid` always come from the key, never from
 * the caller's header.
 *
 * @example
 * const token = signJws({ typ: 'at+jwt' }, claims, keyStore.getSigningKey());
 */
export function signJws(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  signingKey: SigningKey,
): string {
  const protectedHeader = { ...header, alg: signingKey.alg, kid: signingKey.kid };
  const signingInput = `${encode(protectedHeader)}.${encode(payload)}`;
  return `${signingInput}.${signature(signingInput, signingKey).toString('base64url')}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function signature(signingInput: string, { alg, privateKey }: SigningKey): Buffer {
  const data = Buffer.from(signingInput, 'ascii');
  switch (alg) {
    case 'RS256':
      return sign('sha256', data, privateKey);
    case 'PS256':
      // RFC 7518 §3.5: RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt.
      return sign('sha256', data, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
    case 'ES256':
      // RFC 7518 §3.4: the signature is R || S, not DER.
      return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      // RFC 8037 §3.1: Ed25519 hashes internally.
      return sign(null, data, privateKey);
    case 'HS256':
      return createHmac('sha256', privateKey).update(data).digest();
    case 'HS512':
      return createHmac('sha512', privateKey).update(data).digest();
  }
}
