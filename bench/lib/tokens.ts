import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { exportJWK, calculateJwkThumbprint, SignJWT } from 'jose';

export type BenchAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

export interface BenchKey {
  alg: BenchAlgorithm;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

export async function benchKey(alg: BenchAlgorithm): Promise<BenchKey> {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  const kid = await calculateJwkThumbprint(await exportJWK(pair.publicKey));
  return {
    alg,
    kid,
    ...pair,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const BENCH_ISSUER = 'http://bench.warden.local';
export const BENCH_AUDIENCE = 'bench-api';

/** An RFC 9068 access token as Warden issues them, valid for an hour. */
export function benchToken(key: BenchKey, permissions = ['reports:read']): Promise<string> {
  return new SignJWT({
    client_id: 'bench',
    token_use: 'access',
    roles: ['user'],
    permissions,
    username: 'bench-user',
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(BENCH_ISSUER)
    .setAudience(BENCH_AUDIENCE)
    .setSubject(randomUUID())
    .setJti(randomUUID())
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('1h')
    .sign(key.privateKey);
}
