import { loginOk } from '../tokens/session.fixtures';
import { postJson } from '../users/users.factory';
import {
  claimsOf,
  errorOf,
  OAuthClient,
  OAuthTestApp,
  token,
  tokenOk,
} from '../oauth/oauth.fixtures';
import { audienceWorld, AudienceWorld, BILLING, REPORTS } from './audience.world';

describe('tokens for the API that receives them (RFC 8707)', () => {
  let world: AudienceWorld;
  let sut: OAuthTestApp;
  let user: AudienceWorld['user'];
  let service: OAuthClient;
  let app: OAuthClient;

  const login = (body: Record<string, unknown>) =>
    postJson(sut, '/auth/login', { username: user.username, password: user.password, ...body });

  beforeAll(async () => {
    world = await audienceWorld();
    ({ sut, user, service, app } = world);
  });
  afterAll(() => world.close());

  describe('/auth/login and /auth/refresh', () => {
    it('gives a token for the API asked for: its aud, only its permissions, its TTL, its claims', async () => {
      const response = await login({ audience: BILLING });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { access_token: string; expires_in: number };
      const claims = claimsOf(body.access_token);

      expect(claims).toMatchObject({
        aud: BILLING,
        permissions: ['billing:read'],
        tenant_id: 'acme',
      });
      expect(claims.exp as number).toBe((claims.iat as number) + 600);
      expect(body.expires_in).toBeLessThanOrEqual(600);
      expect(claims).not.toHaveProperty('secret_note');
    });

    it('keeps the default audience, every permission and no custom claim without one', async () => {
      const claims = claimsOf((await loginOk(sut, user)).access_token);

      expect(claims.aud).toBe(sut.config.jwt.audience);
      expect(claims.permissions).toEqual(['billing:read', 'reports:read', 'reports:write']);
      expect(claims).not.toHaveProperty('tenant_id');
    });

    it('refuses an unknown audience with 400 ERR_INVALID_TARGET, after the password', async () => {
      const unknown = await login({ audience: 'https://nowhere.example.test' });
      const wrongPassword = await login({
        audience: 'https://nowhere.example.test',
        password: 'x',
      });

      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { code: string }).code).toBe('ERR_INVALID_TARGET');
      // An anonymous caller learns nothing of which APIs exist.
      expect(wrongPassword.status).toBe(401);
    });

    it('names several APIs in aud, with the shortest TTL and the permissions of either', async () => {
      const response = await login({ audience: [BILLING, REPORTS] });
      const claims = claimsOf(((await response.json()) as { access_token: string }).access_token);

      expect(claims.aud).toEqual([BILLING, REPORTS]);
      expect(claims.permissions).toEqual(['billing:read', 'reports:read']);
      expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    });

    it('refreshes for the audience of the login, or for the one asked for now', async () => {
      const first = (await (await login({ audience: BILLING })).json()) as {
        refresh_token: string;
      };
      const same = await postJson(sut, '/auth/refresh', { refresh_token: first.refresh_token });
      const sameBody = (await same.json()) as { access_token: string; refresh_token: string };
      const other = await postJson(sut, '/auth/refresh', {
        refresh_token: sameBody.refresh_token,
        audience: REPORTS,
      });
      const otherBody = (await other.json()) as { access_token: string; refresh_token: string };
      const again = await postJson(sut, '/auth/refresh', {
        refresh_token: otherBody.refresh_token,
      });

      expect(claimsOf(sameBody.access_token).aud).toBe(BILLING);
      expect(claimsOf(otherBody.access_token)).toMatchObject({
        aud: REPORTS,
        permissions: ['reports:read'],
      });
      // The family keeps what the login was granted.
      expect(claimsOf(((await again.json()) as { access_token: string }).access_token).aud).toBe(
        BILLING,
      );
    });

    it("refuses a token for another API on the service's own routes", async () => {
      const body = (await (await login({ audience: BILLING })).json()) as { access_token: string };
      const me = await sut.request('/auth/me', {
        headers: { authorization: `Bearer ${body.access_token}` },
      });
      const both = (await (
        await login({ audience: [sut.config.jwt.audience, BILLING] })
      ).json()) as {
        access_token: string;
      };
      const meBoth = await sut.request('/auth/me', {
        headers: { authorization: `Bearer ${both.access_token}` },
      });

      expect(me.status).toBe(401);
      expect(meBoth.status).toBe(200);
    });
  });

  describe('/oauth/token', () => {
    it('client_credentials for an allowed API: its permissions, TTL and claims of the client', async () => {
      const issued = await tokenOk(sut, service, {
        grant_type: 'client_credentials',
        resource: BILLING,
      });
      const claims = claimsOf(issued.access_token);

      expect(claims).toMatchObject({
        aud: BILLING,
        token_use: 'service',
        permissions: ['billing:write'],
        tenant_id: 'acme-ops',
      });
      expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    });

    it('refuses an API the client does not list, an unknown one, and a malformed resource', async () => {
      const requests: Record<string, string | string[]>[] = [
        { resource: REPORTS },
        { audience: 'no-such-api' },
        { resource: 'reports' },
        { resource: `${BILLING}#fragment` },
        { resource: [BILLING, REPORTS] },
      ];
      for (const params of requests) {
        const response = await token(sut, service, { grant_type: 'client_credentials', ...params });
        expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_target' });
      }
    });

    it('refuses a flood of audiences as a bad request, on both doors', async () => {
      const many = Array.from({ length: 11 }, (_, i) => `https://api-${i}.example.test`);

      const oauth = await token(sut, service, { grant_type: 'client_credentials', resource: many });
      const json = await login({ audience: many });

      expect(await errorOf(oauth)).toEqual({ status: 400, error: 'invalid_request' });
      expect(json.status).toBe(400);
      expect(((await json.json()) as { code: string }).code).toBe('ERR_VALIDATION');
    });

    it('refuses a token use the API does not accept', async () => {
      const response = await token(sut, service, {
        grant_type: 'client_credentials',
        audience: 'users-only',
      });

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_target' });
    });

    it('password and refresh_token grants take resource too, checked against the client', async () => {
      const password = { grant_type: 'password', username: user.username, password: user.password };
      const granted = await tokenOk(sut, app, { ...password, resource: BILLING });
      const refused = await token(sut, app, { ...password, resource: REPORTS });
      const refreshed = await tokenOk(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: granted.refresh_token as string,
      });

      expect(claimsOf(granted.access_token)).toMatchObject({
        aud: BILLING,
        client_id: app.client_id,
      });
      expect(await errorOf(refused)).toEqual({ status: 400, error: 'invalid_target' });
      expect(claimsOf(refreshed.access_token).aud).toBe(BILLING);
    });
  });
});
