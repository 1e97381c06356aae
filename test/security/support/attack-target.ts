import { KeyStoreService } from '../../../src/keys/key-store.service';
import type { SigningKey } from '../../../src/keys/signing-key';
import { createTestApp, TestApp, TestAppOptions } from '../../support/test-app';
import { loginOk, registeredAccount, SESSION_ENV, TokenPair } from '../../tokens/session.fixtures';
import { decode, json, signRaw } from './hostile-tokens';

/** A running Warden, one logged-in user, and the means to forge tokens against it. */
export interface AttackTarget {
  sut: TestApp;
  session: TokenPair;
  /** The header and claims of the session's (valid) access token, to copy and alter. */
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The server's own signing key: signs tokens that pass the signature check, so only the
   * rule under test can refuse them. */
  serverKey: () => SigningKey;
  /** Signs header/payload JSON text with the server's own key. */
  serverSigned: (headerJson: string, payloadJson: string) => string;
  /** Signs the valid claims with `overrides` applied (undefined removes a claim). */
  withClaims: (overrides: Record<string, unknown>) => string;
  /** Signs the valid claims under the valid header with `overrides` applied. */
  withHeader: (overrides: Record<string, unknown>) => string;
}

export async function attackTarget(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<AttackTarget> {
  const sut = await createTestApp({ ...SESSION_ENV, ...env }, options);
  const session = await loginOk(sut, await registeredAccount(sut));
  const { header, payload } = decode(session.access_token);
  const serverKey = (): SigningKey => sut.app.get(KeyStoreService).getSigningKey();
  const serverSigned = (headerJson: string, payloadJson: string): string => {
    const key = serverKey();
    return signRaw(key.alg, key.privateKey, headerJson, payloadJson);
  };
  return {
    sut,
    session,
    header,
    claims: payload,
    serverKey,
    serverSigned,
    withClaims: (overrides) => serverSigned(json(header), json(merge(payload, overrides))),
    withHeader: (overrides) => serverSigned(json(merge(header, overrides)), json(payload)),
  };
}

function merge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base, ...overrides };
  for (const [name, value] of Object.entries(overrides))
    if (value === undefined) delete merged[name];
  return merged;
}

/** Every bearer route the service has today: each must refuse a bad token the same way. */
export const BEARER_ROUTES: ReadonlyArray<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/auth/me' },
  { method: 'POST', path: '/auth/logout', body: {} },
  { method: 'POST', path: '/auth/password', body: { currentPassword: 'x', newPassword: 'y' } },
  { method: 'GET', path: '/keys' },
];

export function bearerRequest(
  sut: TestApp,
  authorization: string,
  route: { method: string; path: string; body?: unknown } = BEARER_ROUTES[0],
): Promise<Response> {
  return sut.request(route.path, {
    method: route.method,
    headers: {
      authorization,
      ...(route.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: route.body === undefined ? undefined : JSON.stringify(route.body),
  });
}

/**
 * The verdict on one forged token: every bearer route answers 401 with an RFC 6750 challenge
 * naming `invalid_token` (never 500, never 200). Returns the codes seen, for assertions.
 */
export async function refusedEverywhere(sut: TestApp, token: string): Promise<string[]> {
  const codes: string[] = [];
  for (const route of BEARER_ROUTES) {
    const response = await bearerRequest(sut, `Bearer ${token}`, route);
    const body = (await response.json()) as { code?: string };
    if (response.status !== 401) {
      throw new Error(`${route.method} ${route.path}: ${response.status} ${JSON.stringify(body)}`);
    }
    const challenge = response.headers.get('www-authenticate') ?? '';
    if (!challenge.includes('error="invalid_token"')) {
      throw new Error(`${route.method} ${route.path}: challenge ${challenge}`);
    }
    codes.push(body.code ?? '');
  }
  return codes;
}

/** The code of one forged token on GET /auth/me, after checking the 401 + challenge contract. */
export async function refusal(sut: TestApp, token: string): Promise<string> {
  const response = await bearerRequest(sut, `Bearer ${token}`);
  const body = (await response.json()) as { code?: string };
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  return body.code ?? '';
}
