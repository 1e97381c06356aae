import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPair,
  JsonWebKey,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { promisify } from 'node:util';
import { jwkThumbprint } from '@warden/nest-auth';
import { isSymmetric, PublicJwk, SigningAlgorithm } from './signing-key';

const generateKeyPairAsync = promisify(generateKeyPair);

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output; 64 bytes covers HS512. */
const HMAC_SECRET_BYTES = 64;
const RSA_MODULUS_BITS = 2048;

/** A freshly generated key, before encryption: the only moment its private part is in clear. */
export interface KeyMaterial {
  kid: string;
  alg: SigningAlgorithm;
  /** What is stored in `public_jwk`: public members for asymmetric keys, metadata only for HS. */
  storedJwk: StoredJwk;
  /** PKCS #8 DER (asymmetric) or the raw secret (HS): the bytes that get encrypted. */
  privateBytes: Buffer;
}

/** For HS keys, `public_jwk` holds no key at all (the secret is never published). */
export type StoredJwk = PublicJwk | { kty: 'oct'; kid: string; alg: string; use: 'sig' };

/** Ready-to-use key objects, parsed once when a key is loaded. */
export interface KeyObjects {
  privateKey: KeyObject;
  verificationKey: KeyObject;
}

export async function generateKeyMaterial(alg: SigningAlgorithm): Promise<KeyMaterial> {
  if (isSymmetric(alg)) {
    const secret = randomBytes(HMAC_SECRET_BYTES);
    // RFC 7638 §3.2 defines the oct thumbprint over k; SHA-256 of 512 random bits reveals nothing.
    const kid = jwkThumbprint({ kty: 'oct', k: secret.toString('base64url') });
    return { kid, alg, storedJwk: { kty: 'oct', kid, alg, use: 'sig' }, privateBytes: secret };
  }
  const { privateKey } = await generateAsymmetric(alg);
  const publicJwk = publicJwkOf(createPublicKey(privateKey), alg);
  return {
    kid: publicJwk.kid,
    alg,
    storedJwk: publicJwk,
    privateBytes: privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

export function keyObjectsFrom(
  alg: SigningAlgorithm,
  privateBytes: Buffer,
  storedJwk: Readonly<Record<string, unknown>>,
): KeyObjects {
  if (isSymmetric(alg)) {
    const secret = createSecretKey(privateBytes);
    return { privateKey: secret, verificationKey: secret };
  }
  return {
    privateKey: createPrivateKey({ key: privateBytes, format: 'der', type: 'pkcs8' }),
    verificationKey: createPublicKey({
      key: publicMembers(storedJwk) as JsonWebKey,
      format: 'jwk',
    }),
  };
}

/** Only the members a JWKS may carry (RFC 7517 §4, RFC 7518 §6): never `d` or the CRT values. */
export function publicMembers(jwk: Readonly<Record<string, unknown>>): PublicJwk {
  const allowed = ['kty', 'kid', 'alg', 'use', 'n', 'e', 'crv', 'x', 'y'] as const;
  const result: Record<string, unknown> = {};
  for (const member of allowed) {
    if (typeof jwk[member] === 'string') result[member] = jwk[member];
  }
  return result as unknown as PublicJwk;
}

function publicJwkOf(publicKey: KeyObject, alg: SigningAlgorithm): PublicJwk {
  const members = publicMembers(publicKey.export({ format: 'jwk' }));
  return { ...members, kid: jwkThumbprint(members), alg, use: 'sig' };
}

function generateAsymmetric(alg: SigningAlgorithm): Promise<{ privateKey: KeyObject }> {
  switch (alg) {
    case 'RS256':
    case 'PS256':
      // PS256 keys are plain RSA keys (RFC 7518 §3.5); the padding is chosen when signing.
      return generateKeyPairAsync('rsa', { modulusLength: RSA_MODULUS_BITS });
    case 'ES256':
      return generateKeyPairAsync('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generateKeyPairAsync('ed25519');
    default:
      throw new TypeError(`Not an asymmetric algorithm: ${alg}`);
  }
}
