import { generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { registeredAccount } from '../tokens/session.fixtures';
import {
  ACCESS_TOKEN_TYPE,
  basic,
  claimsOf,
  createClient,
  createOAuthTestApp,
  introspect,
  OAuthClient,
  OAuthTestApp,
  postForm,
  postJson,
  token,
  TOKEN_EXCHANGE,
  tokenOk,
} from './oauth.fixtures';

describe('introspection (RFC 7662) and revocation (RFC 7009)', () => {
  const clock = new FakeClock(Date.UTC(2026, 8, 1, 12, 0, 0));
  let sut: OAuthTestApp;
  let resourceServer: OAuthClient;
  let service: OAuthClient;
  let app: OAuthClient;

  const revoke = (client: OAuthClient, value: string, hint?: string) =>
    postForm(
      sut,
      '/oauth/revoke',
      hint === undefined ? { token: value } : { token: value, token_type_hint: hint },
      basic(client),
    );

  async function userSession(): Promise<{
    id: string;
    username: string;
    tokens: Record<string, string>;
  }> {
    const who = await registeredAccount(sut);
    const tokens = (await tokenOk(sut, app, {
      grant_type: 'password',
      username: who.username,
      password: who.password,
    })) as Record<string, string>;
    return { id: who.id, username: who.username, tokens };
  }

  beforeAll(async () => {
    sut = await createOAuthTestApp({}, clock);
    resourceServer = await createClient(sut, { name: 'resource-server' });
    service = await createClient(sut, { name: 'reports', permissions: ['reports:read'] });
    app = await createClient(sut, { name: 'app', grant_types: ['password', 'refresh_token'] });
  });
  afterAll(() => sut.close());

  describe('introspection', () => {
    it('describes a valid access token', async () => {
      const { access_token: accessToken } = await tokenOk(sut, service, {
        grant_type: 'client_credentials',
      });
      const claims = claimsOf(accessToken);

      expect(await introspect(sut, resourceServer, accessToken)).toEqual({
        active: true,
        sub: `client:${service.client_id}`,
        exp: claims.exp,
        iat: claims.iat,
        iss: sut.config.jwt.issuer,
        aud: sut.config.jwt.audience,
        jti: claims.jti,
        client_id: service.client_id,
        token_use: 'service',
        roles: [],
        permissions: ['reports:read'],
      });
    });

    it('describes user and delegated tokens, actor chain included', async () => {
      const session = await userSession();
      const exchanged = await tokenOk(sut, service, {
        grant_type: TOKEN_EXCHANGE,
        subject_token: session.tokens.access_token,
        subject_token_type: ACCESS_TOKEN_TYPE,
      });

      expect(await introspect(sut, resourceServer, exchanged.access_token)).toMatchObject({
        active: true,
        sub: session.id,
        username: session.username,
        roles: ['user'],
        token_use: 'delegated',
        client_id: service.client_id,
        act: { sub: `client:${service.client_id}` },
      });
    });

    it('answers {active: false} for an expired, a revoked, a garbage and a foreign-key token', async () => {
      const expiring = await tokenOk(sut, service, { grant_type: 'client_credentials' });
      const revoked = await tokenOk(sut, service, { grant_type: 'client_credentials' });
      const valid = await tokenOk(sut, service, { grant_type: 'client_credentials' });
      expect((await revoke(service, revoked.access_token)).status).toBe(200);
      const { privateKey } = await generateKeyPair('RS256');
      const claims = claimsOf(valid.access_token);
      const foreign = await new SignJWT({ ...claims, jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: 'not-a-key-of-this-service', typ: 'at+jwt' })
        .sign(privateKey);

      for (const value of [revoked.access_token, 'garbage', 'a.b.c', foreign, 'x'.repeat(43)]) {
        expect(await introspect(sut, resourceServer, value)).toEqual({ active: false });
      }
      expect((await introspect(sut, resourceServer, valid.access_token)).active).toBe(true);
      clock.advance(sut.config.jwt.serviceTokenTtl + sut.config.jwt.clockTolerance + 1);
      expect(await introspect(sut, resourceServer, expiring.access_token)).toEqual({
        active: false,
      });
    });

    it('describes a refresh token until it is spent, whatever the hint says', async () => {
      const session = await userSession();
      const refreshToken = session.tokens.refresh_token;

      const active = await introspect(sut, resourceServer, refreshToken, 'access_token');
      await tokenOk(sut, app, { grant_type: 'refresh_token', refresh_token: refreshToken });

      expect(active).toEqual({
        active: true,
        sub: session.id,
        username: session.username,
        client_id: app.client_id,
        token_use: 'refresh',
        iss: sut.config.jwt.issuer,
        exp: expect.any(Number),
        iat: expect.any(Number),
        // The login of the session (RFC 8176): a password alone, at the family's start.
        amr: ['pwd'],
        acr: 'urn:warden:acr:pwd',
        auth_time: active.iat,
      });
      expect((active.exp as number) - (active.iat as number)).toBe(sut.config.jwt.refreshTokenTtl);
      expect(await introspect(sut, resourceServer, refreshToken)).toEqual({ active: false });
    });

    it('takes JSON and client_secret_post', async () => {
      const response = await postJson(sut, '/oauth/introspect', {
        token: 'garbage',
        client_id: resourceServer.client_id,
        client_secret: resourceServer.client_secret,
      });

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ active: false });
    });

    it('needs client authentication (401 invalid_client) and a token (400 invalid_request)', async () => {
      const anonymous = await postForm(sut, '/oauth/introspect', { token: 'x' });
      const empty = await postForm(sut, '/oauth/introspect', {}, basic(resourceServer));

      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="warden"');
      expect(await anonymous.json()).toMatchObject({ error: 'invalid_client' });
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ error: 'invalid_request' });
    });
  });

  describe('revocation', () => {
    it('denies a revoked access token everywhere at once, with an empty 200', async () => {
      const session = await userSession();
      const accessToken = session.tokens.access_token;

      const response = await revoke(app, accessToken, 'access_token');

      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
      const me = await sut.request('/auth/me', {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(me.status).toBe(401);
      expect(await introspect(sut, resourceServer, accessToken)).toEqual({ active: false });
      const db = new Client({ connectionString: sut.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ actor: string; details: Record<string, unknown> }>(
          `SELECT actor, details FROM audit_events WHERE type = 'token.revoked' AND subject = $1`,
          [session.id],
        );
        expect(rows).toEqual([
          {
            actor: `client:${app.client_id}`,
            details: { reason: 'oauth_revoke', tokenUse: 'access', jti: claimsOf(accessToken).jti },
          },
        ]);
      } finally {
        await db.end();
      }
    });

    it('revokes the family of a refresh token and the access token issued with it', async () => {
      const session = await userSession();

      expect((await revoke(app, session.tokens.refresh_token, 'refresh_token')).status).toBe(200);

      const refreshed = await token(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: session.tokens.refresh_token,
      });
      expect(refreshed.status).toBe(400);
      expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
      expect(await introspect(sut, resourceServer, session.tokens.access_token)).toEqual({
        active: false,
      });
    });

    it('answers 200 for unknown and invalid tokens', async () => {
      for (const value of ['garbage', 'A'.repeat(43), 'a.b.c']) {
        expect((await revoke(app, value)).status).toBe(200);
      }
    });

    it("leaves another client's tokens alone (200, still active)", async () => {
      const session = await userSession();

      expect((await revoke(service, session.tokens.access_token)).status).toBe(200);
      expect((await revoke(service, session.tokens.refresh_token)).status).toBe(200);

      expect((await introspect(sut, resourceServer, session.tokens.access_token)).active).toBe(
        true,
      );
      expect((await introspect(sut, resourceServer, session.tokens.refresh_token)).active).toBe(
        true,
      );
    });

    it('needs client authentication', async () => {
      const response = await postForm(sut, '/oauth/revoke', { token: 'x' });

      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });
  });
});
