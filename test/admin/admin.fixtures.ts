import type { TestApp } from '../support/test-app';
import { loginOk, registeredAccount, SESSION_ENV, TokenPair } from '../tokens/session.fixtures';
import type { AccountFixture } from '../users/users.factory';

export const ADMIN: AccountFixture = {
  username: 'root',
  email: 'root@localhost',
  password: 'bootstrap secret 1',
};

/** The service with a bootstrapped administrator and no per-IP limit in the way. */
export const ADMIN_ENV: Readonly<Record<string, string>> = {
  ...SESSION_ENV,
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
};

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request, with an optional bearer token and JSON body. */
export function api(
  sut: TestApp,
  method: HttpMethod,
  path: string,
  token?: string,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return sut.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function adminLogin(sut: TestApp): Promise<TokenPair> {
  return loginOk(sut, ADMIN);
}

/** A registered user (role `user`) and its first session. */
export async function plainUser(
  sut: TestApp,
): Promise<{ account: AccountFixture & { id: string }; session: TokenPair }> {
  const account = await registeredAccount(sut);
  return { account, session: await loginOk(sut, account) };
}

/** The token with one signature character changed: well-formed, but not valid. */
export function tampered(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

/** The claims of a JWT, read without verifying (the service has verified it). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface AdminSession {
  token: string;
  id: string;
  /** A request as the administrator. */
  call: (method: HttpMethod, path: string, body?: unknown) => Promise<Response>;
}

/** The bootstrapped administrator, logged in. */
export async function adminSession(sut: TestApp): Promise<AdminSession> {
  const session = await adminLogin(sut);
  return {
    token: session.access_token,
    id: session.user.id,
    call: (method, path, body) => api(sut, method, path, session.access_token, body),
  };
}
