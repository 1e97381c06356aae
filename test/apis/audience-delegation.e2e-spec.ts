import { loginOk } from '../tokens/session.fixtures';
import {
  basic,
  claimsOf,
  createClient,
  errorOf,
  introspect,
  OAuthClient,
  OAuthTestApp,
  postForm,
  token,
  tokenOk,
} from '../oauth/oauth.fixtures';
import type { AudienceData } from './audience.fixtures';
import { audienceWorld, AudienceWorld, BILLING } from './audience.world';

describe('tokens of other APIs: exchange, introspection, revocation, reserved claims', () => {
  let world: AudienceWorld;
  let sut: OAuthTestApp;
  let data: AudienceData;
  let user: AudienceWorld['user'];
  let service: OAuthClient;

  beforeAll(async () => {
    world = await audienceWorld();
    ({ sut, data, user, service } = world);
  });
  afterAll(() => world.close());

  describe('token exchange for a downstream API (RFC 8693)', () => {
    it('delegates subject ∩ client ∩ API, for the API, no longer than it or the subject', async () => {
      await data.addApi({
        identifier: 'internal-api',
        permissions: ['reports:read', 'reports:write'],
        access_token_ttl: 60,
        claims: ['tenant_id'],
      });
      const gateway = await createClient(sut, {
        name: 'gateway',
        permissions: ['reports:read', 'billing:read'],
      });
      const subject = (await loginOk(sut, user)).access_token;
      const exchange = {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: subject,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        audience: 'internal-api',
      };

      const refused = await token(sut, gateway, exchange);
      await data.allowAudiences(gateway.client_id, ['internal-api']);
      const issued = await tokenOk(sut, gateway, exchange);
      const claims = claimsOf(issued.access_token);

      expect(await errorOf(refused)).toEqual({ status: 400, error: 'invalid_target' });
      expect(claims).toMatchObject({
        aud: 'internal-api',
        sub: user.id,
        token_use: 'delegated',
        permissions: ['reports:read'],
        tenant_id: 'acme',
        act: { sub: `client:${gateway.client_id}` },
      });
      expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(60);
      expect(claims.exp as number).toBeLessThanOrEqual(claimsOf(subject).exp as number);
    });
  });

  describe('introspection and revocation serve every API', () => {
    it('introspects a token of a registered API with its custom claims, until the API is gone', async () => {
      await data.addApi({ identifier: 'short-lived', claims: ['tenant_id'] });
      await data.allowAudiences(service.client_id, [BILLING, 'users-only', 'short-lived']);
      const issued = await tokenOk(sut, service, {
        grant_type: 'client_credentials',
        audience: 'short-lived',
      });

      expect(await introspect(sut, service, issued.access_token)).toMatchObject({
        active: true,
        aud: 'short-lived',
        tenant_id: 'acme-ops',
      });
      await data.deleteApi('short-lived');
      expect(await introspect(sut, service, issued.access_token)).toEqual({ active: false });
    });

    it('revokes a token of another API (RFC 7009)', async () => {
      const issued = await tokenOk(sut, service, {
        grant_type: 'client_credentials',
        resource: BILLING,
      });

      const revoked = await postForm(
        sut,
        '/oauth/revoke',
        { token: issued.access_token },
        basic(service),
      );

      expect(revoked.status).toBe(200);
      expect(await introspect(sut, service, issued.access_token)).toEqual({ active: false });
    });
  });

  it('never lets a mapped attribute shadow a registered claim, even one written around the rules', async () => {
    await data.addApi({
      identifier: 'shadowed',
      permissions: ['reports:read'],
      claims: ['sub', 'aud', 'permissions', 'amr', 'acr', 'auth_time', 'tenant_id'],
    });
    await data.allowAudiences(service.client_id, [BILLING, 'users-only', 'shadowed']);
    await data.setClientAttributes(service.client_id, {
      sub: 'user:someone-else',
      aud: 'everything',
      permissions: ['users:write'],
      // What a step-up policy (RFC 9470) trusts: never from an attribute.
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
      auth_time: 4102444800,
      tenant_id: 'acme-ops',
    });

    const issued = await tokenOk(sut, service, {
      grant_type: 'client_credentials',
      audience: 'shadowed',
    });

    expect(claimsOf(issued.access_token)).toMatchObject({
      sub: `client:${service.client_id}`,
      aud: 'shadowed',
      permissions: ['reports:read'],
      tenant_id: 'acme-ops',
    });
    for (const stepUp of ['amr', 'acr', 'auth_time']) {
      expect(claimsOf(issued.access_token)).not.toHaveProperty(stepUp);
    }
  });
});
