import { verify as cryptoVerify } from 'node:crypto';
import { BenchKey } from './tokens';

/**
 * The signature check alone, with the key already parsed: the physical limit of any verifier of
 * this token. Everything else a verifier does (parsing, claim checks) comes on top of it.
 */
export function rawVerifier(key: BenchKey, token: string): () => boolean {
  const [header, payload, signature] = token.split('.');
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (key.alg === 'RS256') return () => cryptoVerify('sha256', data, key.publicKey, sig);
  if (key.alg === 'ES256') {
    // RFC 7518 §3.4: JWS carries ECDSA signatures as r || s, not DER.
    const ecKey = { key: key.publicKey, dsaEncoding: 'ieee-p1363' as const };
    return () => cryptoVerify('sha256', data, ecKey, sig);
  }
  return () => cryptoVerify(null, data, key.publicKey, sig);
}
