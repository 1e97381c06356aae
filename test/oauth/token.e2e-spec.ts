import { registeredAccount } from '../tokens/session.fixtures';
import {
  claimsOf,
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  postJson,
  token,
  tokenOk,
  errorOf,
  TOKEN_ENDPOINT_ENV,
  tokenEndpointClients,
} from './oauth.fixtures';

describe('POST /oauth/token', () => {
  let sut: OAuthTestApp;
  let service: OAuthClient;
  let app: OAuthClient;

  beforeAll(async () => {
    sut = await createOAuthTestApp(TOKEN_ENDPOINT_ENV);
    ({ service, app } = await tokenEndpointClients(sut));
  });
  afterAll(() => sut.close());

  describe('client_credentials', () => {
    it('issues a service token for the client (form body, HTTP Basic), no refresh token', async () => {
      const response = await token(sut, service, { grant_type: 'client_credentials' });

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 240,
      });
      expect(claimsOf(body.access_token as string)).toMatchObject({
        sub: `client:${service.client_id}`,
        client_id: service.client_id,
        token_use: 'service',
        roles: [],
        permissions: ['reports:read', 'reports:write'],
      });
    });

    it('takes JSON bodies and client_secret_post', async () => {
      const response = await postJson(sut, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: service.client_id,
        client_secret: service.client_secret,
      });

      expect(response.status).toBe(200);
    });

    it('narrows the permissions to a requested scope', async () => {
      const body = await tokenOk(sut, service, {
        grant_type: 'client_credentials',
        scope: 'reports:read',
      });

      expect(body.scope).toBe('reports:read');
      expect(claimsOf(body.access_token)).toMatchObject({
        permissions: ['reports:read'],
        scope: 'reports:read',
      });
    });

    it('ignores unknown parameters and treats empty ones as absent (RFC 6749 §3.2)', async () => {
      const body = await tokenOk(sut, service, {
        grant_type: 'client_credentials',
        scope: '',
        unknown_extension: 'x',
      });

      expect(body.scope).toBeUndefined();
    });

    it('refuses a scope beyond the client permissions: invalid_scope', async () => {
      const response = await token(sut, service, {
        grant_type: 'client_credentials',
        scope: 'reports:read users:write',
      });

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_scope' });
    });
  });

  describe('password and refresh_token (the /auth implementation behind the OAuth door)', () => {
    it('starts a session bound to the client, and refreshes it', async () => {
      const who = await registeredAccount(sut);

      const first = await tokenOk(sut, app, {
        grant_type: 'password',
        username: who.username,
        password: who.password,
      });

      expect(first).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: sut.config.jwt.accessTokenTtl,
        refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(claimsOf(first.access_token)).toMatchObject({
        sub: who.id,
        client_id: app.client_id,
        token_use: 'access',
        username: who.username,
      });
      const second = await tokenOk(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token as string,
      });
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(claimsOf(second.access_token).exp).toBeGreaterThan(
        claimsOf(first.access_token).exp as number,
      );
      const spent = await token(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token as string,
      });
      expect(await errorOf(spent)).toEqual({ status: 400, error: 'invalid_grant' });
    });

    it('keeps a requested scope across refreshes', async () => {
      const admin = await tokenOk(sut, app, {
        grant_type: 'password',
        username: 'root',
        password: 'bootstrap-secret-1',
        scope: 'users:read',
      });
      const refreshed = await tokenOk(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: admin.refresh_token as string,
      });

      expect(admin.scope).toBe('users:read');
      expect(claimsOf(refreshed.access_token)).toMatchObject({
        permissions: ['users:read'],
        scope: 'users:read',
      });
    });

    it('refuses a permission the user lacks: invalid_scope', async () => {
      const who = await registeredAccount(sut);
      const response = await token(sut, app, {
        grant_type: 'password',
        username: who.username,
        password: who.password,
        scope: 'users:write',
      });

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_scope' });
    });

    it('refuses a refresh token presented by another client and revokes its session (RFC 6749 §6)', async () => {
      const who = await registeredAccount(sut);
      const other = await createClient(sut, { grant_types: ['password', 'refresh_token'] });
      const session = await tokenOk(sut, app, {
        grant_type: 'password',
        username: who.username,
        password: who.password,
      });
      const refreshToken = session.refresh_token as string;

      const stolen = await token(sut, other, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
      const owner = await token(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
      const firstParty = await postJson(sut, '/auth/refresh', { refresh_token: refreshToken });

      expect(await errorOf(stolen)).toEqual({ status: 400, error: 'invalid_grant' });
      expect(await errorOf(owner)).toEqual({ status: 400, error: 'invalid_grant' });
      expect(firstParty.status).toBe(401);
    });

    it('does not accept a first-party session token at the OAuth door', async () => {
      const who = await registeredAccount(sut);
      const login = await postJson(sut, '/auth/login', {
        username: who.username,
        password: who.password,
      });
      const { refresh_token: refreshToken } = (await login.json()) as { refresh_token: string };

      const response = await token(sut, app, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_grant' });
    });

    it('answers wrong credentials with invalid_grant, and a locked account with 429 and Retry-After', async () => {
      const who = await registeredAccount(sut);
      const wrong = { grant_type: 'password', username: who.username, password: 'wrong password' };

      const first = await token(sut, app, wrong);
      await token(sut, app, wrong);
      const locking = await token(sut, app, wrong);

      expect(await errorOf(first)).toEqual({ status: 400, error: 'invalid_grant' });
      expect(locking.status).toBe(429);
      expect(Number(locking.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await locking.json()).toMatchObject({ error: 'invalid_grant' });
    });
  });
});
