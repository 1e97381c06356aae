import { createHash } from 'node:crypto';
import type { SigningAlgorithm } from '../config';

/** OIDC Core §2 and §3.1.3.6: the claims of an ID token issued at the token endpoint. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  azp: string;
  exp: number;
  iat: number;
  auth_time: number;
  nonce?: string;
  at_hash: string;
  amr: string[];
  acr: string;
  sid?: string;
}

/**
 * OIDC Core §3.1.3.6: the left half of the hash of the access token's ASCII octets, base64url,
 * with the hash of the ID token's `alg` (SHA-512 for EdDSA over Ed25519, as OpenID's EdDSA
 * registration says).
 */
export function accessTokenHash(accessToken: string, alg: SigningAlgorithm): string {
  const hash = hashOf(alg);
  const digest = createHash(hash).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function hashOf(alg: SigningAlgorithm): 'sha256' | 'sha512' {
  return alg === 'HS512' || alg === 'EdDSA' ? 'sha512' : 'sha256';
}
