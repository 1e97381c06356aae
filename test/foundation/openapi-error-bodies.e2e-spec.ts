import { randomUUID } from 'node:crypto';
import type { HttpAdapterHost } from '@nestjs/core';
import { AllExceptionsFilter, DatabaseUnavailableError } from '../../src/common/errors';
import { NoActiveKeyError } from '../../src/keys/keys.errors';
import { OAuthExceptionFilter } from '../../src/tokens/oauth/oauth-exception.filter';
import { api, tampered } from '../admin/admin.fixtures';
import {
  basic,
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  postForm,
  postJson,
} from '../oauth/oauth.fixtures';
import { serviceToken } from '../security/support/escalation.fixtures';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { fetchDocument, OpenApiDocument, responseSchema, schemaProblems } from './openapi.fixtures';

const MAX_ATTEMPTS = 2;
const METRICS_TOKEN = 'scraper-secret-0123456789';

/** One real error answer: what was asked, the operation it documents, and the code expected. */
type Sample = [label: string, operation: string, code: string, send: () => Promise<Response>];

/**
 * Real error answers of the running service against the schema their operation documents for
 * their status: every member sent is documented, every documented required member is sent.
 */
describe('documented error bodies', () => {
  let sut: OAuthTestApp;
  let document: OpenApiDocument;
  let client: OAuthClient;
  let userToken: string;
  let writerToken: string;
  let writerId: string;
  let victimId: string;

  beforeAll(async () => {
    sut = await createOAuthTestApp({
      LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      METRICS_TOKEN,
    });
    ({ document } = await fetchDocument(sut));
    client = await createClient(sut, { permissions: [] });
    const user = await registeredAccount(sut);
    userToken = (await loginOk(sut, user)).access_token;
    victimId = (await registeredAccount(sut)).id;
    // A user administrator holding less than the full admin role: its grants can escalate.
    const writer = await registeredAccount(sut);
    const role = await api(sut, 'PUT', '/roles/user-writer', sut.adminToken, {
      permissions: ['users:read', 'users:write'],
    });
    const promoted = await api(sut, 'PATCH', `/users/${writer.id}`, sut.adminToken, {
      roles: ['user', 'user-writer'],
    });
    expect([role.status, promoted.status]).toEqual([200, 200]);
    writerToken = (await loginOk(sut, writer)).access_token;
    writerId = writer.id;
  });
  afterAll(() => sut.close());

  const samples: Sample[] = [
    ['no token', 'GET /users', 'ERR_TOKEN_MISSING', () => api(sut, 'GET', '/users')],
    [
      'a tampered token',
      'GET /auth/me',
      'ERR_TOKEN_INVALID',
      () => api(sut, 'GET', '/auth/me', tampered(userToken)),
    ],
    [
      'a token without the permission',
      'GET /users',
      'ERR_INSUFFICIENT_SCOPE',
      () => api(sut, 'GET', '/users', userToken),
    ],
    [
      'a grant of what the caller lacks',
      'PATCH /users/{id}',
      'ERR_PRIVILEGE_ESCALATION',
      () => api(sut, 'PATCH', `/users/${victimId}`, writerToken, { permissions: ['reports:read'] }),
    ],
    [
      "a change of the caller's own roles",
      'PATCH /users/{id}',
      'ERR_PRIVILEGE_ESCALATION',
      () => api(sut, 'PATCH', `/users/${writerId}`, writerToken, { roles: ['user'] }),
    ],
    [
      'a service token on a user route',
      'GET /auth/me',
      'ERR_USER_TOKEN_REQUIRED',
      async () => api(sut, 'GET', '/auth/me', await serviceToken(sut, client)),
    ],
    [
      'a locked account',
      'POST /auth/login',
      'ERR_ACCOUNT_LOCKED',
      async () => {
        const { username } = await registeredAccount(sut);
        const attempt = () => postJson(sut, '/auth/login', { username, password: 'wrong one 1' });
        for (let failure = 0; failure < MAX_ATTEMPTS; failure++) await (await attempt()).text();
        return attempt();
      },
    ],
    [
      'a wrong password',
      'POST /auth/login',
      'ERR_INVALID_CREDENTIALS',
      () => postJson(sut, '/auth/login', { username: 'nobody.here', password: 'wrong one 1' }),
    ],
    [
      'an invalid body',
      'POST /auth/register',
      'ERR_VALIDATION',
      () => postJson(sut, '/auth/register', {}),
    ],
    [
      'a body that is not JSON',
      'POST /auth/register',
      'ERR_BODY_MALFORMED',
      () =>
        sut.request('/auth/register', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"username":',
        }),
    ],
    [
      'a taken username',
      'POST /auth/register',
      'ERR_USERNAME_TAKEN',
      async () => {
        const { username, email, password } = await registeredAccount(sut);
        return postJson(sut, '/auth/register', { username, email: `other.${email}`, password });
      },
    ],
    [
      'an unknown role',
      'PATCH /users/{id}',
      'ERR_UNKNOWN_ROLE',
      () => api(sut, 'PATCH', `/users/${victimId}`, sut.adminToken, { roles: ['no-such-role'] }),
    ],
    [
      'an unknown user',
      'GET /users/{id}',
      'ERR_USER_NOT_FOUND',
      () => api(sut, 'GET', `/users/${randomUUID()}`, sut.adminToken),
    ],
    [
      'an unknown signing key',
      'POST /keys/{kid}/revoke',
      'ERR_KEY_NOT_FOUND',
      () => api(sut, 'POST', '/keys/no-such-kid/revoke', sut.adminToken, {}),
    ],
    [
      'a wrong client secret',
      'POST /oauth/token',
      'invalid_client',
      () =>
        postForm(
          sut,
          '/oauth/token',
          { grant_type: 'client_credentials' },
          basic({ client_id: client.client_id, client_secret: 'not its secret' }),
        ),
    ],
    [
      'a token request without grant_type',
      'POST /oauth/token',
      'invalid_request',
      () => postForm(sut, '/oauth/token', {}, basic(client)),
    ],
    [
      'a scrape without METRICS_TOKEN',
      'GET /metrics',
      'ERR_METRICS_TOKEN_MISSING',
      () => sut.request('/metrics'),
    ],
  ];

  it.each(samples)('%s: %s answers a documented body', async (_label, operation, code, send) => {
    const response = await send();
    const body = (await response.json()) as Record<string, unknown>;
    const schema = responseSchema(document, operation, response.status);

    expect(body.code ?? body.error).toBe(code);
    expect(schema).toBeDefined();
    expect(schemaProblems(document, schema ?? {}, body)).toEqual([]);
  });

  it('documents the 503 bodies the filters build for an outage', () => {
    const adapterHost = {} as HttpAdapterHost;
    const service = new AllExceptionsFilter(adapterHost);
    const oauth = new OAuthExceptionFilter(adapterHost);
    // The outage itself is test/reliability/outage.e2e-spec.ts; here, the bodies it answers.
    const replies: [operation: string, body: object][] = [
      ['GET /users', service.toReply(new DatabaseUnavailableError()).body],
      ['POST /auth/login', service.toReply(new NoActiveKeyError()).body],
      ['POST /oauth/token', oauth.toReply(new DatabaseUnavailableError()).body],
    ];

    for (const [operation, body] of replies) {
      const schema = responseSchema(document, operation, 503);
      expect(schema).toBeDefined();
      expect(schemaProblems(document, schema ?? {}, body)).toEqual([]);
    }
  });
});

describe('documented error bodies of the per-address limit', () => {
  let sut: OAuthTestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    sut = await createOAuthTestApp({ THROTTLE_LIMIT: '1', THROTTLE_TTL: '60' });
    ({ document } = await fetchDocument(sut));
  });
  afterAll(() => sut.close());

  it.each([
    ['POST /auth/refresh', () => postJson(sut, '/auth/refresh', { refresh_token: 'x' })],
    ['POST /oauth/token', () => postForm(sut, '/oauth/token', { grant_type: 'password' })],
  ])('%s answers its documented 429 body', async (operation, send) => {
    await (await send()).text();
    const response = await send();
    const body = (await response.json()) as Record<string, unknown>;
    const schema = responseSchema(document, operation, 429);

    expect(response.status).toBe(429);
    expect(schema).toBeDefined();
    expect(schemaProblems(document, schema ?? {}, body)).toEqual([]);
  });
});
