import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { clientCredentialsGrant, genericGrantRequest, ResponseBodyError } from 'openid-client';
import { api } from '../admin/admin.fixtures';
import {
  ACCESS_TOKEN_TYPE,
  claimsOf,
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  postJson,
  TOKEN_EXCHANGE,
} from '../oauth/oauth.fixtures';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { ApiApp, discover, resources, Rows, startApiApp } from './audiences.fixtures';

const API_A = 'https://a.example.test';
const API_B = 'https://b.example.test';
/** A name, not a URI: asked for with RFC 8693 `audience` (RFC 8707 `resource` is a URI). */
const INTERNAL = 'internal-api';
const INTERNAL_TTL = 120;
/** Its claims name `sub`: a row the admin rules would refuse, written by SQL. */
const SHADOWING = 'https://shadowing.example.test';

const sorted = (values: unknown): string[] => [...(values as string[])].sort();

/**
 * Tokens scoped to the API that receives them (RFC 8707, RFC 8693 §2.1), asked for with
 * openid-client, checked by jose and by apps that each pin their own audience with AuthModule:
 * none of them written for Warden, so what passes here passes for any standard client or
 * resource server.
 */
describe('tokens for one API, as outside clients and resource servers see them', () => {
  let warden: OAuthTestApp;
  let rows: Rows;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  /** Guards A in production mode: refusal reasons stay out of its 401 bodies. */
  let appA: ApiApp;
  /** Guards B in development mode: its 401 bodies say which check failed. */
  let appB: ApiApp;
  let internalApp: ApiApp;
  /** May ask for A, B and the shadowing API; its attributes carry a tenant and a forged `sub`. */
  let worker: OAuthClient;
  /** The gateway: may ask for internal-api only. */
  let gateway: OAuthClient;
  /** May ask for A only. */
  let outsider: OAuthClient;

  const verifyFor = async (token: string, audience: string): Promise<JWTPayload> =>
    (
      await jwtVerify(token, jwks, {
        issuer: warden.config.jwt.issuer,
        audience,
        typ: 'at+jwt',
      })
    ).payload;

  const serviceToken = async (
    client: OAuthClient,
    parameters?: Record<string, string> | URLSearchParams,
  ): Promise<string> =>
    (await clientCredentialsGrant(await discover(warden, client), parameters)).access_token;

  /** A 401 of an AuthModule app for a token of another audience. */
  const refusedForAudience = (response: { status: number; body: Record<string, unknown> }) =>
    expect(response).toEqual({
      status: 401,
      body: expect.objectContaining({ code: 'ERR_TOKEN_INVALID', reason: 'aud mismatch' }),
    });
  const refusedSilently = (response: { status: number; body: Record<string, unknown> }) => {
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    expect(response.body).not.toHaveProperty('reason');
    expect(JSON.stringify(response.body)).not.toContain('aud mismatch');
  };

  beforeAll(async () => {
    warden = await createOAuthTestApp();
    rows = await Rows.open(warden);
    await rows.api({
      identifier: API_A,
      permissions: ['reports:read', 'a:write'],
      claims: ['tenant_id'],
    });
    await rows.api({ identifier: API_B, permissions: ['reports:read'] });
    await rows.api({
      identifier: INTERNAL,
      permissions: ['orders:read', 'reports:read', 'gateway:route'],
      accessTokenTtl: INTERNAL_TTL,
    });
    await rows.api({ identifier: SHADOWING, permissions: [], claims: ['sub', 'tenant_id'] });
    worker = await createClient(warden, {
      name: 'worker',
      permissions: ['reports:read', 'a:write', 'b:unknown'],
    });
    await rows.client(worker, [API_A, API_B, SHADOWING], { tenant_id: 'acme', sub: 'forged' });
    gateway = await createClient(warden, {
      name: 'gateway',
      permissions: ['orders:read', 'orders:write', 'gateway:route'],
    });
    await rows.client(gateway, [INTERNAL]);
    outsider = await createClient(warden, { name: 'outsider', permissions: ['orders:read'] });
    await rows.client(outsider, [API_A]);
    jwks = createRemoteJWKSet(new URL(`${warden.baseUrl}/.well-known/jwks.json`));
    appA = await startApiApp(warden, 'express', API_A);
    appB = await startApiApp(warden, 'fastify', API_B, { exposeRefusalReasons: true });
    internalApp = await startApiApp(warden, 'fastify', INTERNAL);
  });

  afterAll(async () => {
    await Promise.all([appA, appB, internalApp].map((app) => app?.close()));
    await rows?.close();
    await warden?.close();
  });

  it('a token asked for A (resource) is good at A, and refused by B and by jose for B', async () => {
    const token = await serviceToken(worker, { resource: API_A });

    const payload = await verifyFor(token, API_A);
    expect(payload).toMatchObject({ aud: API_A, sub: `client:${worker.client_id}` });
    // Only what A defines: the client's b:unknown is no permission of A's.
    expect(sorted(payload.permissions)).toEqual(['a:write', 'reports:read']);
    expect(await appA.get('/me', token)).toEqual({
      status: 200,
      body: expect.objectContaining({ sub: `client:${worker.client_id}`, aud: API_A }),
    });
    refusedForAudience(await appB.get('/me', token));
    await expect(verifyFor(token, API_B)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
    await expect(verifyFor(token, API_B)).rejects.toMatchObject({ claim: 'aud' });
  });

  it('a token asked for B (audience) is good at B, and refused by A without saying why', async () => {
    const token = await serviceToken(worker, { audience: API_B });

    expect(await verifyFor(token, API_B)).toMatchObject({
      aud: API_B,
      permissions: ['reports:read'],
    });
    expect((await appB.get('/me', token)).status).toBe(200);
    refusedSilently(await appA.get('/me', token));
    await expect(verifyFor(token, API_A)).rejects.toMatchObject({ claim: 'aud' });
  });

  it('a token of the default audience is refused by every API app', async () => {
    const token = await serviceToken(worker);

    expect(await verifyFor(token, warden.config.jwt.audience)).toMatchObject({
      aud: warden.config.jwt.audience,
    });
    refusedSilently(await appA.get('/me', token));
    refusedForAudience(await appB.get('/me', token));
    expect((await internalApp.get('/me', token)).status).toBe(401);
  });

  it('several resource values give an aud array that both APIs accept', async () => {
    const token = await serviceToken(worker, resources(API_A, API_B));

    const payload = claimsOf(token);
    expect(payload.aud).toEqual([API_A, API_B]);
    expect(sorted(payload.permissions)).toEqual(['a:write', 'reports:read']);
    expect((await appA.get('/me', token)).status).toBe(200);
    expect((await appB.get('/me', token)).status).toBe(200);
    await expect(verifyFor(token, API_A)).resolves.toBeDefined();
    await expect(verifyFor(token, API_B)).resolves.toBeDefined();
    refusedSilently(await internalApp.get('/me', token));
  });

  it("carries the client's tenant_id for A, read through Principal<{ tenant_id: string }>", async () => {
    const forA = await serviceToken(worker, { resource: API_A });
    const forB = await serviceToken(worker, { resource: API_B });

    expect(await appA.get('/tenant', forA)).toEqual({ status: 200, body: { tenant_id: 'acme' } });
    // B maps no attribute: its tokens carry none of the client's.
    expect(await verifyFor(forB, API_B)).not.toHaveProperty('tenant_id');
  });

  describe('the gateway exchange (RFC 8693) of a user token for internal-api', () => {
    let user: Awaited<ReturnType<typeof registeredAccount>>;
    let subjectToken: string;

    beforeAll(async () => {
      user = await registeredAccount(warden);
      const patched = await api(warden, 'PATCH', `/users/${user.id}`, warden.adminToken, {
        permissions: ['orders:read', 'orders:write', 'reports:read'],
      });
      if (patched.status !== 200) throw new Error(`PATCH user: ${patched.status}`);
      subjectToken = (await loginOk(warden, user)).access_token;
    });

    const exchange = async (client: OAuthClient) =>
      genericGrantRequest(await discover(warden, client), TOKEN_EXCHANGE, {
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: INTERNAL,
      });

    it('gives a short token that only the internal-api app accepts', async () => {
      const subject = await verifyFor(subjectToken, warden.config.jwt.audience);

      const exchanged = await exchange(gateway);

      expect(exchanged.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
      const token = exchanged.access_token;
      const payload = await verifyFor(token, INTERNAL);
      expect(payload).toMatchObject({
        aud: INTERNAL,
        sub: user.id,
        token_use: 'delegated',
        act: { sub: `client:${gateway.client_id}` },
        // subject {orders:read, orders:write, reports:read} ∩ gateway {orders:read,
        // orders:write, gateway:route} ∩ internal-api {orders:read, reports:read, gateway:route}
        permissions: ['orders:read'],
      });
      expect(payload.exp).toBeLessThanOrEqual(subject.exp!);
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(INTERNAL_TTL);
      expect(exchanged.expires_in).toBeLessThanOrEqual(INTERNAL_TTL);
      expect(await internalApp.get('/me', token)).toEqual({
        status: 200,
        body: expect.objectContaining({
          sub: user.id,
          tokenUse: 'delegated',
          permissions: ['orders:read'],
        }),
      });
      refusedSilently(await appA.get('/me', token));
      refusedForAudience(await appB.get('/me', token));
      // The subject token itself is for Warden, not for internal-api.
      expect((await internalApp.get('/me', subjectToken)).status).toBe(401);
    });

    it('is invalid_target for a client that may not ask for internal-api', async () => {
      const refusal = exchange(outsider);

      await expect(refusal).rejects.toBeInstanceOf(ResponseBodyError);
      await expect(refusal).rejects.toMatchObject({ status: 400, error: 'invalid_target' });
      await expect(serviceToken(outsider, { resource: API_B })).rejects.toMatchObject({
        error: 'invalid_target',
      });
    });
  });

  describe('an API mapping an attribute named sub (written around the admin rules)', () => {
    it("never lets a client's attribute replace its sub", async () => {
      const token = await serviceToken(worker, { resource: SHADOWING });

      expect(await verifyFor(token, SHADOWING)).toMatchObject({
        sub: `client:${worker.client_id}`,
        tenant_id: 'acme',
      });
    });

    it("never lets a user's attribute replace the user's sub (/auth/login)", async () => {
      const user = await registeredAccount(warden);
      await rows.userAttributes(user.id, { sub: 'forged', tenant_id: 'globex' });

      const response = await postJson(warden, '/auth/login', {
        username: user.username,
        password: user.password,
        audience: SHADOWING,
      });

      expect(response.status).toBe(200);
      const { access_token: token } = (await response.json()) as { access_token: string };
      expect(await verifyFor(token, SHADOWING)).toMatchObject({
        aud: SHADOWING,
        sub: user.id,
        tenant_id: 'globex',
      });
    });
  });
});
