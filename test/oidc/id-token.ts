import { createHash } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import type { OAuthTestApp } from '../oauth/oauth.fixtures';

/**
 * OIDC Core §3.1.3.6: at_hash is the base64url of the left half of the hash of the access
 * token's ASCII octets, the hash being the one of the ID token's `alg` (SHA-512 for Ed25519).
 */
export function atHashOf(accessToken: string, alg: string): string {
  const bits = alg === 'EdDSA' ? '512' : alg.slice(-3);
  const digest = createHash(`sha${bits}`).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export async function publishedKeys(sut: OAuthTestApp): Promise<JSONWebKeySet> {
  const response = await sut.request('/.well-known/jwks.json');
  return (await response.json()) as JSONWebKeySet;
}

export interface VerifiedIdToken {
  payload: JWTPayload & Record<string, unknown>;
  header: { alg: string; kid?: string; typ?: string };
}

/**
 * Verifies an ID token with jose against the published keys (not openid-client's checks):
 * signature, iss, aud, typ "JWT", kid of a published key, at_hash of `accessToken`.
 */
export async function verifyIdToken(
  sut: OAuthTestApp,
  idToken: string,
  clientId: string,
  accessToken: string,
): Promise<VerifiedIdToken> {
  const keys = await publishedKeys(sut);
  const { payload, protectedHeader } = await jwtVerify(idToken, createLocalJWKSet(keys), {
    issuer: sut.config.jwt.issuer,
    audience: clientId,
    typ: 'JWT',
    requiredClaims: ['sub', 'exp', 'iat', 'auth_time', 'azp', 'at_hash', 'amr', 'acr', 'sid'],
  });
  expect(protectedHeader.typ).toBe('JWT');
  expect(keys.keys.map((key) => key.kid)).toContain(protectedHeader.kid);
  expect([payload.aud].flat()).toEqual([clientId]);
  expect(payload.at_hash).toBe(atHashOf(accessToken, protectedHeader.alg));
  const claims = payload as JWTPayload & Record<string, unknown>;
  expect(claims.azp).toBe(clientId);
  expect(Array.isArray(claims.amr)).toBe(true);
  expect(typeof claims.acr).toBe('string');
  expect(typeof claims.sid).toBe('string');
  expect(claims.auth_time as number).toBeLessThanOrEqual(payload.iat as number);
  return { payload: claims, header: protectedHeader };
}
