import { account, AccountFixture, postJson, register } from '../users/users.factory';
import type { TestApp } from '../support/test-app';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  user: { id: string; username: string };
}

/** Settings for session tests: no per-IP limit in the way, fast bcrypt. */
export const SESSION_ENV: Readonly<Record<string, string>> = { THROTTLE_LIMIT: '10000' };

/** A registered account (its password in clear, for logging in). */
export async function registeredAccount(
  sut: TestApp,
  overrides: Partial<AccountFixture> = {},
): Promise<AccountFixture & { id: string }> {
  const fixture = account(overrides);
  const response = await register(sut, fixture);
  if (response.status !== 201)
    throw new Error(`register: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  return { ...fixture, id };
}

export function login(sut: TestApp, body: unknown): Promise<Response> {
  return postJson(sut, '/auth/login', body);
}

export async function loginOk(sut: TestApp, who: AccountFixture): Promise<TokenPair> {
  const response = await login(sut, { username: who.username, password: who.password });
  if (response.status !== 200)
    throw new Error(`login: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenPair;
}

export function refresh(sut: TestApp, refreshToken: string): Promise<Response> {
  return postJson(sut, '/auth/refresh', { refresh_token: refreshToken });
}

export function me(sut: TestApp, accessToken: string): Promise<Response> {
  return sut.request('/auth/me', { headers: { authorization: `Bearer ${accessToken}` } });
}

export function authedPost(
  sut: TestApp,
  path: string,
  accessToken: string,
  body: unknown = {},
): Promise<Response> {
  return sut.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  });
}

export async function bodyOf(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
