import type { Clock } from '../../packages/nest-auth/src/clock';
import { freePort } from '../support/ports';
import { createTestApp, TestApp } from '../support/test-app';
import { SESSION_ENV } from '../tokens/session.fixtures';

export const ADMIN = { username: 'root', password: 'bootstrap-secret-1' };

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface OAuthClient {
  client_id: string;
  client_secret: string;
  name: string;
  permissions: string[];
  grant_types: string[];
}

export interface OAuthTestApp extends TestApp {
  adminToken: string;
}

/**
 * The service with an administrator, its issuer equal to its base URL (RFC 8414 discovery
 * checks that), and no per-IP limit in the way unless `env` sets one.
 */
export async function createOAuthTestApp(
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<OAuthTestApp> {
  const port = await freePort();
  const sut = await createTestApp(
    {
      ...SESSION_ENV,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_ISSUER: `http://127.0.0.1:${port}`,
      ...env,
    },
    { clock, port },
  );
  const response = await postJson(sut, '/auth/login', ADMIN);
  if (response.status !== 200) throw new Error(`admin login: ${response.status}`);
  const { access_token: adminToken } = (await response.json()) as { access_token: string };
  return Object.assign(sut, { adminToken });
}

export function postJson(
  sut: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return sut.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A form post; `body` may repeat a name by passing an array. */
export function postForm(
  sut: TestApp,
  path: string,
  body: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return sut.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form.toString(),
  });
}

/** RFC 6749 §2.3.1: each part form-urlencoded, then base64. */
export function basic(client: Pick<OAuthClient, 'client_id' | 'client_secret'>): {
  authorization: string;
} {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const pair = `${encode(client.client_id)}:${encode(client.client_secret)}`;
  return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

export async function createClient(
  sut: OAuthTestApp,
  body: { name?: string; permissions?: string[]; grant_types?: string[] } = {},
): Promise<OAuthClient> {
  const response = await postJson(
    sut,
    '/clients',
    { name: 'test-client', permissions: [], ...body },
    { authorization: `Bearer ${sut.adminToken}` },
  );
  if (response.status !== 201) {
    throw new Error(`create client: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as OAuthClient;
}

/** `POST /oauth/token` as the client (HTTP Basic), form-encoded. */
export function token(
  sut: TestApp,
  client: OAuthClient,
  params: Record<string, string | string[]>,
): Promise<Response> {
  return postForm(sut, '/oauth/token', params, basic(client));
}

export async function tokenOk(
  sut: TestApp,
  client: OAuthClient,
  params: Record<string, string>,
): Promise<Record<string, unknown> & { access_token: string }> {
  const response = await token(sut, client, params);
  if (response.status !== 200) {
    throw new Error(`token: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown> & { access_token: string };
}

export async function introspect(
  sut: TestApp,
  client: OAuthClient,
  tokenValue: string,
  hint?: string,
): Promise<Record<string, unknown>> {
  const body: Record<string, string> = { token: tokenValue };
  if (hint !== undefined) body.token_type_hint = hint;
  const response = await postForm(sut, '/oauth/introspect', body, basic(client));
  if (response.status !== 200) {
    throw new Error(`introspect: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

export function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** The RFC 6749 §5.2 error of a response, which always carries a description from Warden. */
export async function errorOf(response: Response): Promise<{ status: number; error: unknown }> {
  const body = (await response.json()) as { error?: unknown; error_description?: unknown };
  expect(typeof body.error_description).toBe('string');
  return { status: response.status, error: body.error };
}

/** The token endpoint's usual test clients: a service client and a first-party app. */
export async function tokenEndpointClients(
  sut: OAuthTestApp,
): Promise<{ service: OAuthClient; app: OAuthClient }> {
  const service = await createClient(sut, {
    name: 'reports',
    permissions: ['reports:read', 'reports:write'],
  });
  const app = await createClient(sut, { name: 'app', grant_types: ['password', 'refresh_token'] });
  return { service, app };
}

/** The configuration both token-endpoint specs run under. */
export const TOKEN_ENDPOINT_ENV = { LOGIN_MAX_ATTEMPTS: '3', SERVICE_TOKEN_TTL: '240' };
