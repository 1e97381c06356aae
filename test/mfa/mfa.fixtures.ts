import { Client } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { ADMIN, createOAuthTestApp, OAuthTestApp, postJson } from '../oauth/oauth.fixtures';
import { registeredAccount } from '../tokens/session.fixtures';
import { totpNear } from '../support/totp';
import type { AccountFixture } from '../users/users.factory';

export type Account = AccountFixture & { id: string };

export interface Enrolment {
  secret: string;
  otpauth_uri: string;
  qr_code: string;
}

export interface EnrolledUser {
  account: Account;
  secret: string;
  recoveryCodes: string[];
}

export interface MfaWorld {
  sut: OAuthTestApp;
  clock: FakeClock;
  /** The code `offset` steps from the clock's current one. */
  code: (secret: string, offset?: number) => string;
  /** Moves the clock to the start of a step no code has been used in yet. */
  nextStep: () => void;
  /** Logs the administrator in again (the clock may have outrun its token); returns the token. */
  freshAdmin: () => Promise<string>;
}

/** Fixed, step-aligned start (2026-01-01T00:00:00Z is a multiple of 30 s). */
export async function createMfaWorld(env: Record<string, string> = {}): Promise<MfaWorld> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const sut = await createOAuthTestApp({ THROTTLE_LIMIT: '100000', ...env }, clock);
  return {
    sut,
    clock,
    code: (secret, offset = 0) => totpNear(secret, clock.now(), offset),
    nextStep: () => {
      const seconds = clock.now().getTime() / 1000;
      clock.advance(30 - (seconds % 30));
    },
    freshAdmin: async () => {
      const response = await postJson(sut, '/auth/login', ADMIN);
      if (response.status !== 200) throw new Error(`admin login: ${response.status}`);
      sut.adminToken = ((await response.json()) as { access_token: string }).access_token;
      return sut.adminToken;
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function startTotp(world: MfaWorld, token: string): Promise<Response> {
  return postJson(world.sut, '/auth/mfa/totp', {}, bearer(token));
}

export function confirmTotp(world: MfaWorld, token: string, code: string): Promise<Response> {
  return postJson(world.sut, '/auth/mfa/totp/confirm', { code }, bearer(token));
}

export function disableTotp(world: MfaWorld, token: string, body: unknown): Promise<Response> {
  return world.sut.request('/auth/mfa/totp', {
    method: 'DELETE',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
  });
}

export function passwordLogin(world: MfaWorld, who: AccountFixture): Promise<Response> {
  return postJson(world.sut, '/auth/login', { username: who.username, password: who.password });
}

export function mfaLogin(world: MfaWorld, body: unknown): Promise<Response> {
  return postJson(world.sut, '/auth/login/mfa', body);
}

/** The `mfa_token` of the password step of an enrolled user. */
export async function mfaTokenOf(world: MfaWorld, who: AccountFixture): Promise<string> {
  const response = await passwordLogin(world, who);
  const body = (await response.json()) as { mfa_token?: string };
  if (response.status !== 401 || typeof body.mfa_token !== 'string') {
    throw new Error(`password step: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.mfa_token;
}

/** A user's password-only session tokens. */
export async function sessionOf(world: MfaWorld, who: AccountFixture): Promise<string> {
  const response = await passwordLogin(world, who);
  if (response.status !== 200)
    throw new Error(`login: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Starts and confirms an enrolment with `token`; leaves the clock in a fresh step. */
export async function enrolWith(
  world: MfaWorld,
  token: string,
): Promise<Omit<EnrolledUser, 'account'>> {
  const started = await startTotp(world, token);
  if (started.status !== 200) throw new Error(`start: ${started.status} ${await started.text()}`);
  const { secret } = (await started.json()) as Enrolment;
  const confirmed = await confirmTotp(world, token, world.code(secret));
  if (confirmed.status !== 200) {
    throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`);
  }
  const { recovery_codes } = (await confirmed.json()) as { recovery_codes: string[] };
  // The confirming code's step is now spent.
  world.nextStep();
  return { secret, recoveryCodes: recovery_codes };
}

/** A freshly registered user with a confirmed authenticator. */
export async function enrolledUser(world: MfaWorld): Promise<EnrolledUser> {
  const account = await registeredAccount(world.sut);
  const enrolment = await enrolWith(world, await sessionOf(world, account));
  return { account, ...enrolment };
}

/** Password step and TOTP step; the token response. */
export async function fullLogin(
  world: MfaWorld,
  user: EnrolledUser,
): Promise<Record<string, unknown> & { access_token: string; refresh_token: string }> {
  const mfa_token = await mfaTokenOf(world, user.account);
  const response = await mfaLogin(world, { mfa_token, code: world.code(user.secret) });
  if (response.status !== 200)
    throw new Error(`mfa login: ${response.status} ${await response.text()}`);
  world.nextStep();
  return (await response.json()) as Record<string, unknown> & {
    access_token: string;
    refresh_token: string;
  };
}

export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
