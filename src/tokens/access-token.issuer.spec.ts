import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { FakeClock } from '../common/fake-clock';
import { parseConfig } from '../config';
import type { KeyStoreService } from '../keys/key-store.service';
import type { SigningKey } from '../keys/signing-key';
import { AccessTokenIssuer, FIRST_PARTY_CLIENT_ID } from './access-token.issuer';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey: SigningKey = { kid: 'kid-1', alg: 'RS256', privateKey };

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function userSubject() {
  return {
    sub: 'user-1',
    tokenUse: 'access' as const,
    clientId: FIRST_PARTY_CLIENT_ID,
    roles: ['user'],
    permissions: [],
    username: 'ada',
  };
}

describe(AccessTokenIssuer.name, () => {
  const config = parseConfig({ JWT_ISSUER: 'https://auth.example.com', JWT_AUDIENCE: 'api' });
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const keys = { getSigningKey: () => signingKey } as unknown as KeyStoreService;
  const sut = new AccessTokenIssuer(keys, config, clock);

  it('signs an RFC 9068 token with the active key', () => {
    const { token, claims, expiresIn } = sut.issue(userSubject());
    const [header, payload, signature] = token.split('.');

    expect(decode(header)).toEqual({ typ: 'at+jwt', alg: 'RS256', kid: 'kid-1' });
    expect(decode(payload)).toEqual(claims);
    expect(claims).toMatchObject({ iss: 'https://auth.example.com', aud: 'api', sub: 'user-1' });
    expect(claims.exp - claims.iat).toBe(config.jwt.accessTokenTtl);
    expect(expiresIn).toBe(config.jwt.accessTokenTtl);
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      createPublicKey(privateKey),
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
  });

  it('gives every token its own jti', () => {
    expect(sut.issue(userSubject()).claims.jti).not.toBe(sut.issue(userSubject()).claims.jti);
  });

  it('takes the lifetime from the token use', () => {
    const service = sut.issue({ ...userSubject(), sub: 'client:x', tokenUse: 'service' });
    const delegated = sut.issue({
      ...userSubject(),
      tokenUse: 'delegated',
      act: { sub: 'client:x' },
    });

    expect(service.claims.exp - service.claims.iat).toBe(config.jwt.serviceTokenTtl);
    expect(delegated.claims.exp - delegated.claims.iat).toBe(300);
  });

  it('expires a refreshed token strictly later, within one second', () => {
    const first = sut.issue(userSubject());
    const second = sut.issue(userSubject(), { previousExp: first.claims.exp });

    expect(second.claims.exp).toBeGreaterThan(first.claims.exp);
    expect(second.expiresIn).toBe(config.jwt.accessTokenTtl + 1);
  });
});
