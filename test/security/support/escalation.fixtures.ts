import { api, claimsOf, HttpMethod } from '../../admin/admin.fixtures';
import {
  ACCESS_TOKEN_TYPE,
  basic,
  OAuthClient,
  postForm,
  TOKEN_EXCHANGE,
} from '../../oauth/oauth.fixtures';
import type { TestApp } from '../../support/test-app';
import { loginOk } from '../../tokens/session.fixtures';
import type { AccountFixture } from '../../users/users.factory';

/** What a refused or accepted request is expected to answer. */
export interface Outcome {
  status: number;
  code?: string;
}

export const ESCALATION: Outcome = { status: 403, code: 'ERR_PRIVILEGE_ESCALATION' };
export const LACKS_PERMISSION: Outcome = { status: 403, code: 'ERR_INSUFFICIENT_SCOPE' };

/**
 * For a caller holding only `held`: a route needing `needs` refuses with the guard's 403 unless
 * `needs` is held; then the request is an escalation (or succeeds with `allowed`).
 */
export function expected(held: string, needs: string, allowed: Outcome = ESCALATION): Outcome {
  return held === needs ? allowed : LACKS_PERMISSION;
}

/** A caller of the admin API: a user's access token or a client's service token. */
export interface Caller {
  token: string;
  call: (method: HttpMethod, path: string, body?: unknown) => Promise<Response>;
}

export function callerWith(sut: TestApp, token: string): Caller {
  return { token, call: (method, path, body) => api(sut, method, path, token, body) };
}

/** Status and code of a response, for one readable expectation. */
export async function outcomeOf(response: Response): Promise<Outcome> {
  const text = await response.text();
  const body = text ? (JSON.parse(text) as { code?: unknown }) : {};
  return typeof body.code === 'string'
    ? { status: response.status, code: body.code }
    : { status: response.status };
}

/** What an outcome looks like when only the status matters (a success). */
export function statusOnly(status: number): Outcome {
  return { status };
}

/** The permissions of a user's fresh login. */
export async function loginPermissions(sut: TestApp, who: AccountFixture): Promise<string[]> {
  return claimsOf((await loginOk(sut, who)).access_token).permissions as string[];
}

/** RFC 6749 §4.4: the client's own service token. */
export async function serviceToken(sut: TestApp, client: OAuthClient): Promise<string> {
  const response = await postForm(
    sut,
    '/oauth/token',
    { grant_type: 'client_credentials' },
    basic(client),
  );
  if (response.status !== 200) throw new Error(`client_credentials: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** RFC 8693: the client acting for the subject token's holder. */
export async function exchanged(
  sut: TestApp,
  client: OAuthClient,
  subjectToken: string,
): Promise<string> {
  const response = await postForm(
    sut,
    '/oauth/token',
    {
      grant_type: TOKEN_EXCHANGE,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
    },
    basic(client),
  );
  if (response.status !== 200) throw new Error(`token exchange: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function permissionsOf(token: string): string[] {
  return claimsOf(token).permissions as string[];
}

/** Creates a client as `caller`; the created client, or the refusal. */
export async function createClientAs(
  caller: Caller,
  name: string,
  permissions: readonly string[],
): Promise<{ response: Response; client?: OAuthClient }> {
  const response = await caller.call('POST', '/clients', { name, permissions });
  if (response.status !== 201) return { response };
  return { response, client: (await response.clone().json()) as OAuthClient };
}
