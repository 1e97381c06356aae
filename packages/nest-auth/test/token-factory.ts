import {
  constants,
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import type { AccessTokenClaims } from '../src/access-token-claims';
import type { KeyResolver, ResolvedKey } from '../src/key-resolver';
import type { JwsAlgorithm } from '../src/jwt/jws-header.check';

/** A signing key and its verification twin, generated in-test. */
export interface TestKey {
  kid: string;
  alg: JwsAlgorithm;
  signingKey: KeyObject;
  verificationKey: KeyObject;
}

export const ISSUER = 'https://warden.test';
export const AUDIENCE = 'warden';
export const NOW = 1_800_000_000;

export function testKey(alg: JwsAlgorithm, kid = `${alg.toLowerCase()}-key`): TestKey {
  switch (alg) {
    case 'RS256':
    case 'PS256': {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { kid, alg, signingKey: pair.privateKey, verificationKey: pair.publicKey };
    }
    case 'ES256': {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return { kid, alg, signingKey: pair.privateKey, verificationKey: pair.publicKey };
    }
    case 'EdDSA': {
      const pair = generateKeyPairSync('ed25519');
      return { kid, alg, signingKey: pair.privateKey, verificationKey: pair.publicKey };
    }
    case 'HS256':
    case 'HS512': {
      const secret = createSecretKey(randomBytes(alg === 'HS256' ? 32 : 64));
      return { kid, alg, signingKey: secret, verificationKey: secret };
    }
  }
}

export function resolvedKey(key: TestKey): ResolvedKey {
  return { kid: key.kid, alg: key.alg, key: key.verificationKey };
}

/** An in-memory KeyResolver whose keys a test can add and remove. */
export class InMemoryKeyResolver implements KeyResolver {
  readonly keys = new Map<string, ResolvedKey>();
  lookups = 0;

  constructor(...keys: TestKey[]) {
    for (const key of keys) this.add(key);
  }

  add(key: TestKey | ResolvedKey): void {
    const resolved = 'verificationKey' in key ? resolvedKey(key) : key;
    this.keys.set(resolved.kid, resolved);
  }

  resolve(kid: string): ResolvedKey | undefined {
    this.lookups++;
    return this.keys.get(kid);
  }
}

export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'user-1',
    aud: AUDIENCE,
    iat: NOW,
    nbf: NOW,
    exp: NOW + 900,
    jti: 'jti-1',
    client_id: 'warden',
    token_use: 'access',
    roles: ['user'],
    permissions: [],
    username: 'alice',
    ...overrides,
  } satisfies Partial<Record<keyof AccessTokenClaims, unknown>>;
}

export function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Signs any header and payload (objects or raw JSON text) with the key's algorithm. */
export function signToken(
  key: TestKey,
  payload: unknown = claims(),
  header: unknown = { alg: key.alg, kid: key.kid, typ: 'at+jwt' },
): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  return `${signingInput}.${signatureOf(key.alg, key.signingKey, signingInput).toString('base64url')}`;
}

export function signatureOf(alg: JwsAlgorithm, key: KeyObject, signingInput: string): Buffer {
  const data = Buffer.from(signingInput);
  switch (alg) {
    case 'RS256':
      return sign('sha256', data, key);
    case 'PS256':
      return sign('sha256', data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
    case 'ES256':
      return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return sign(null, data, key);
    case 'HS256':
      return createHmac('sha256', key).update(data).digest();
    case 'HS512':
      return createHmac('sha512', key).update(data).digest();
  }
}

/** An HMAC "signature" keyed with arbitrary bytes: the algorithm-confusion attacker's tool. */
export function hmacToken(secret: Buffer | string, header: unknown, payload: unknown): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  const mac = createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${mac}`;
}
