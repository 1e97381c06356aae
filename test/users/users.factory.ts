import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app';

export interface AccountFixture {
  username: string;
  email: string;
  password: string;
}

/** A fresh, valid registration body; every call gives new names. */
export function account(overrides: Partial<AccountFixture> = {}): AccountFixture {
  const suffix = randomBytes(4).toString('hex');
  return {
    username: `user.${suffix}`,
    email: `user.${suffix}@example.com`,
    password: `correct horse ${suffix}`,
    ...overrides,
  };
}

export function postJson(sut: TestApp, path: string, body: unknown): Promise<Response> {
  return sut.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function register(sut: TestApp, body: unknown): Promise<Response> {
  return postJson(sut, '/auth/register', body);
}
