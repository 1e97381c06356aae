import {
  allowInsecureRequests,
  calculatePKCECodeChallenge,
  ClientSecretBasic,
  type Configuration,
  discovery,
  None,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import type { Clock } from '../../packages/nest-auth/src/clock';
import {
  basic,
  createOAuthTestApp,
  OAuthTestApp,
  postForm,
  postJson,
} from '../oauth/oauth.fixtures';
import { totpNear } from '../support/totp';
import { registeredAccount } from '../tokens/session.fixtures';
import type { AccountFixture } from '../users/users.factory';
import { leaves, type Step, UserAgent } from './agent';
import { findForm } from './html';

export type Account = AccountFixture & { id: string };

export const LOGIN_ACTION = '/oauth/authorize/login';
export const MFA_ACTION = '/oauth/authorize/mfa';
export const CONSENT_ACTION = '/oauth/authorize/consent';
export const LOGOUT_ACTION = '/oauth/logout';
export const FULL_SCOPE = 'openid profile email offline_access';

/** The service as an OpenID provider: its issuer is its own base URL, an admin is logged in. */
export function createOidcApp(
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<OAuthTestApp> {
  return createOAuthTestApp({ THROTTLE_LIMIT: '100000', ...env }, clock);
}

export interface OidcClient {
  client_id: string;
  /** Absent for a public client. */
  client_secret?: string;
  name: string;
  permissions: string[];
  grant_types: string[];
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post' | 'none';
  first_party: boolean;
}

export interface OidcClientOptions {
  name?: string;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  authMethod?: OidcClient['token_endpoint_auth_method'];
  firstParty?: boolean;
  permissions?: string[];
  grantTypes?: string[];
  /** RFC 8707 resources (registered API identifiers) the client may ask tokens for. */
  allowedAudiences?: string[];
}

let clientCount = 0;

/** `POST /clients` with the contract's fields; each client its own (unreachable) redirect URI. */
export async function createOidcClient(
  sut: OAuthTestApp,
  options: OidcClientOptions = {},
): Promise<OidcClient> {
  clientCount += 1;
  const app = `http://localhost:4${String(clientCount).padStart(3, '0')}`;
  const body = {
    name: options.name ?? `app ${clientCount}`,
    permissions: options.permissions ?? [],
    grant_types: options.grantTypes ?? ['authorization_code', 'refresh_token'],
    redirect_uris: options.redirectUris ?? [`${app}/callback`],
    post_logout_redirect_uris: options.postLogoutRedirectUris ?? [`${app}/logged-out`],
    token_endpoint_auth_method: options.authMethod ?? 'client_secret_basic',
    first_party: options.firstParty ?? true,
    ...(options.allowedAudiences ? { allowed_audiences: options.allowedAudiences } : {}),
  };
  const response = await postJson(sut, '/clients', body, {
    authorization: `Bearer ${sut.adminToken}`,
  });
  if (response.status !== 201) {
    throw new Error(`create client: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as OidcClient;
}

/** openid-client, configured by default OpenID discovery as the registered client. */
export function relyingParty(sut: OAuthTestApp, client: OidcClient): Promise<Configuration> {
  const method = client.token_endpoint_auth_method;
  const secret = client.client_secret;
  const auth =
    method === 'none'
      ? None()
      : method === 'client_secret_basic'
        ? ClientSecretBasic(secret)
        : undefined;
  return discovery(new URL(sut.config.jwt.issuer), client.client_id, secret, auth, {
    execute: [allowInsecureRequests],
  });
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

/**
 * A code-flow authorization request of `client` (PKCE S256, state, nonce, full scope), built
 * by hand; `overrides` change parameters, undefined removes one.
 */
export async function authorizationRequest(
  sut: OAuthTestApp,
  client: OidcClient,
  overrides: Record<string, string | undefined> = {},
): Promise<AuthorizationRequest> {
  const verifier = randomPKCECodeVerifier();
  const parameters: Record<string, string | undefined> = {
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    response_type: 'code',
    scope: FULL_SCOPE,
    state: randomState(),
    nonce: randomNonce(),
    code_challenge: await calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL(`${sut.config.jwt.issuer}/oauth/authorize`);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return {
    url,
    state: parameters.state ?? '',
    nonce: parameters.nonce ?? '',
    verifier,
    redirectUri: parameters.redirect_uri ?? '',
  };
}

export interface SignInOptions {
  /** The second factor's code, for an enrolled user. */
  totp?: () => string;
  consent?: 'allow' | 'deny';
}

/**
 * Drives the hosted pages from `start` (an authorization URL, or a step already shown) until
 * they redirect to the client; returns that redirect (code or error).
 */
export async function signIn(
  agent: UserAgent,
  sut: OAuthTestApp,
  start: URL | Step,
  who?: AccountFixture,
  options: SignInOptions = {},
): Promise<URL> {
  let step = start instanceof URL ? await agent.open(start) : start;
  for (let pages = 0; pages < 5; pages += 1) {
    if (leaves(step, sut.config.jwt.issuer)) return step.location;
    if (findForm(step.html, LOGIN_ACTION)) {
      if (!who) throw new Error('the login page was shown, and no one signs in');
      step = await agent.submit(step, LOGIN_ACTION, {
        username: who.username,
        password: who.password,
      });
    } else if (findForm(step.html, MFA_ACTION) && options.totp) {
      step = await agent.submit(step, MFA_ACTION, { code: options.totp() });
    } else if (findForm(step.html, CONSENT_ACTION)) {
      step = await agent.submit(step, CONSENT_ACTION, { decision: options.consent ?? 'allow' });
    } else {
      const snippet = step.html.replace(/\s+/g, ' ').slice(0, 400);
      throw new Error(`unexpected page ${step.url.pathname} (${step.status}): ${snippet}`);
    }
  }
  throw new Error('sign-in did not reach the client');
}

/** The code of a successful authorization response, checking RFC 9207 `iss` and `state`. */
export function codeOf(sut: OAuthTestApp, response: URL, state: string): string {
  const parameters = Object.fromEntries(response.searchParams);
  expect(parameters).toMatchObject({ state, iss: sut.config.jwt.issuer });
  expect(parameters.error).toBeUndefined();
  return parameters.code;
}

/** A fresh user agent signed in as `who` to `client`; returns the code's redemption inputs. */
export async function authorizedCode(
  sut: OAuthTestApp,
  client: OidcClient,
  who: AccountFixture,
  agent = new UserAgent(sut.config.jwt.issuer),
  overrides: Record<string, string | undefined> = {},
): Promise<{ code: string; request: AuthorizationRequest; agent: UserAgent }> {
  const request = await authorizationRequest(sut, client, overrides);
  const response = await signIn(agent, sut, request.url, who);
  return { code: codeOf(sut, response, request.state), request, agent };
}

/** `POST /oauth/token` as `client`: Basic for a confidential client, client_id for a public one. */
export function tokenRequest(
  sut: OAuthTestApp,
  client: OidcClient,
  parameters: Record<string, string>,
): Promise<Response> {
  if (client.client_secret === undefined) {
    return postForm(sut, '/oauth/token', { ...parameters, client_id: client.client_id });
  }
  const secret = { client_id: client.client_id, client_secret: client.client_secret };
  return postForm(sut, '/oauth/token', parameters, basic(secret));
}

/** The authorization_code grant of a code from `authorizedCode`. */
export function redeem(
  sut: OAuthTestApp,
  client: OidcClient,
  code: string,
  request: Pick<AuthorizationRequest, 'verifier' | 'redirectUri'>,
): Promise<Response> {
  return tokenRequest(sut, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
}

export { registeredAccount };

/** A registered user with a confirmed authenticator; `code()` is one not used yet. */
export async function enrolledAccount(
  sut: OAuthTestApp,
  now: () => Date = () => new Date(),
): Promise<{ account: Account; code: () => string }> {
  const account = await registeredAccount(sut);
  const login = await postJson(sut, '/auth/login', {
    username: account.username,
    password: account.password,
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const bearer = { authorization: `Bearer ${access_token}` };
  const started = await postJson(sut, '/auth/mfa/totp', {}, bearer);
  if (started.status !== 200) throw new Error(`totp: ${started.status} ${await started.text()}`);
  const { secret } = (await started.json()) as { secret: string };
  const confirmedAt = now();
  const confirmed = await postJson(
    sut,
    '/auth/mfa/totp/confirm',
    { code: totpNear(secret, confirmedAt) },
    bearer,
  );
  if (confirmed.status !== 200) {
    throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`);
  }
  // The confirming step is spent; the next one is within the ±1-step window for a minute.
  return { account, code: () => totpNear(secret, confirmedAt, 1) };
}
