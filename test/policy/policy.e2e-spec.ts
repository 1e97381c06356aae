import { createPolicyTestApp, HttpPlatform, PolicyTestApp } from './policy-test-app';
import { claims, signToken, testKey } from '../../packages/nest-auth/test/token-factory';

const key = testKey('ES256');
const token = (overrides: Record<string, unknown> = {}): string =>
  signToken(key, claims(overrides));
const INVALID = 'Bearer realm="warden", error="invalid_token"';

describe.each<HttpPlatform>(['fastify', 'express'])('PolicyModule on %s', (platform) => {
  let sut: PolicyTestApp;

  beforeAll(async () => {
    sut = await createPolicyTestApp(platform);
    sut.resolver.add(key);
  });
  afterAll(() => sut.close());

  it('serves a @Public() route without a token', async () => {
    expect((await sut.request('/demo/public')).status).toBe(200);
  });

  it('denies an undecorated route without a token, with a bare challenge', async () => {
    const response = await sut.request('/demo/undecorated');

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
    expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
  });

  it('serves an undecorated route to any valid token', async () => {
    expect((await sut.request('/demo/undecorated', token())).status).toBe(200);
  });

  it('hands the principal and claims to the handler', async () => {
    const act = { sub: 'client:gateway' };
    const response = await sut.request('/demo/me', token({ token_use: 'delegated', act }));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: 'user-1',
      roles: ['user'],
      jti: 'jti-1',
      actor: act,
    });
  });

  it.each([
    ['malformed', 'not-a-jwt', 'ERR_TOKEN_MALFORMED', 'The access token is malformed'],
    [
      'expired',
      token({ iat: 1_799_999_000, nbf: undefined, exp: 1_799_999_900 }),
      'ERR_TOKEN_EXPIRED',
      'The access token expired',
    ],
    [
      'invalid',
      signToken(testKey('ES256', key.kid)),
      'ERR_TOKEN_INVALID',
      'The access token is invalid',
    ],
  ])(
    'answers a %s token with 401 and its own description',
    async (_name, bad, code, description) => {
      const response = await sut.request('/demo/me', bad);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        `${INVALID}, error_description="${description}"`,
      );
      expect(await response.json()).toMatchObject({ statusCode: 401, code });
    },
  );

  it('answers a revoked token with 401, also when it was verified before', async () => {
    const revocable = token({ jti: `revocable-${platform}` });
    expect((await sut.request('/demo/me', revocable)).status).toBe(200);

    sut.revoked.add(`revocable-${platform}`);
    const response = await sut.request('/demo/me', revocable);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `${INVALID}, error_description="The access token was revoked"`,
    );
    expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
  });

  it('answers @Roles with 403 naming the missing role, and 200 with it', async () => {
    const denied = await sut.request('/demo/admin', token());

    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="warden", error="insufficient_scope", error_description="/,
    );
    expect(await denied.json()).toMatchObject({
      code: 'ERR_INSUFFICIENT_SCOPE',
      required: { anyOfRoles: [['admin']] },
    });
    expect((await sut.request('/demo/admin', token({ roles: ['admin'] }))).status).toBe(200);
  });

  it('answers @Permissions with 403 or 200', async () => {
    const denied = await sut.request('/demo/reports', token());

    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ required: { permissions: ['reports:read'] } });
    expect(
      (await sut.request('/demo/reports', token({ permissions: ['reports:read'] }))).status,
    ).toBe(200);
  });

  it('applies a class-level @Roles and a method-level @Permissions together', async () => {
    const adminOnly = await sut.request('/keys/rotate', token({ roles: ['admin'] }));
    const permissionOnly = await sut.request(
      '/keys/rotate',
      token({ permissions: ['keys:rotate'] }),
    );
    const both = await sut.request(
      '/keys/rotate',
      token({ roles: ['admin'], permissions: ['keys:rotate'] }),
    );

    expect(await adminOnly.json()).toMatchObject({ required: { permissions: ['keys:rotate'] } });
    expect(await permissionOnly.json()).toMatchObject({ required: { anyOfRoles: [['admin']] } });
    expect(both.status).toBe(200);
  });

  it('enforces a @Policy', async () => {
    const auditor = token({ roles: ['auditor'], permissions: ['audit:export'] });

    expect((await sut.request('/demo/audit', token({ roles: ['auditor'] }))).status).toBe(403);
    expect((await sut.request('/demo/audit', auditor)).status).toBe(200);
  });

  it('needs authentication before authorization: no token on a role route is 401', async () => {
    expect((await sut.request('/demo/admin')).status).toBe(401);
  });

  it('refuses a reused token once it expires (time moved, not waited)', async () => {
    const shortLived = token({ jti: `short-${platform}`, exp: 1_800_000_060 });
    expect((await sut.request('/demo/me', shortLived)).status).toBe(200);

    sut.clock.advance(60);
    const response = await sut.request('/demo/me', shortLived);
    sut.clock.advance(-60);

    expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
  });

  it('serves the passport strategy with the same verifier', async () => {
    const ok = await sut.request('/demo/passport', token());
    const bad = await sut.request('/demo/passport', 'a.b.c');

    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sub: 'user-1' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
    expect((await sut.request('/demo/passport')).status).toBe(401);
  });
});
