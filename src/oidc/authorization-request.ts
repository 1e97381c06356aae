import type { ServiceClient } from '../tokens/clients/service-client';
import { GRANT_TYPES } from '../tokens/clients/service-client';
import { parseScope } from '../tokens/scope';
import { AuthorizationRedirectError, UntrustedAuthorizationRequestError } from './oidc.errors';
import { isS256Challenge } from './pkce';

/** A validated `GET /oauth/authorize` (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1). */
export interface AuthorizationRequest {
  client: ServiceClient;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  prompt: ReadonlySet<Prompt>;
  /** Seconds: an older authentication must be repeated (OIDC Core §3.1.2.1). */
  maxAge?: number;
  loginHint?: string;
  /** RFC 8707 §2: the APIs the tokens are for. */
  resources: string[];
}

export type Prompt = 'none' | 'login' | 'consent';

/** What a request may carry as a query (or a hosted form's hidden fields): strings or repeats. */
export type RawParameters = Readonly<Record<string, unknown>>;

/** Every parameter the hosted forms carry forward to the next step. */
export const AUTHORIZATION_PARAMETERS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'login_hint',
  'resource',
] as const;

const PROMPTS: ReadonlySet<string> = new Set(['none', 'login', 'consent']);
const MAX_STATE_LENGTH = 2048;
const MAX_HINT_LENGTH = 256;

/**
 * The client and redirect URI, checked before anything is redirected: an unknown or inactive
 * client, or a redirect URI that is missing or not registered exactly (no pattern, no
 * normalisation: RFC 9700 §4.1.3), is UntrustedAuthorizationRequestError.
 */
export function trustedRedirect(
  parameters: RawParameters,
  client: ServiceClient | null,
): { client: ServiceClient; redirectUri: string } {
  const clientId = single(parameters, 'client_id');
  if (clientId === undefined) {
    throw new UntrustedAuthorizationRequestError('invalid_request', 'client_id is required');
  }
  if (!client?.isActive || client.clientId !== clientId) {
    throw new UntrustedAuthorizationRequestError('invalid_client', 'Unknown client');
  }
  const redirectUri = single(parameters, 'redirect_uri');
  // OIDC Core §3.1.2.1: redirect_uri is required, even when only one is registered.
  if (redirectUri === undefined) {
    throw new UntrustedAuthorizationRequestError('invalid_request', 'redirect_uri is required');
  }
  if (!client.redirectUris.includes(redirectUri)) {
    throw new UntrustedAuthorizationRequestError(
      'invalid_request',
      'The redirect_uri is not registered for this client',
    );
  }
  return { client, redirectUri };
}

/** The rest of the request, once its redirect URI is trusted; errors go back to the client. */
export function parseAuthorizationRequest(
  parameters: RawParameters,
  trusted: { client: ServiceClient; redirectUri: string },
): AuthorizationRequest {
  const { client, redirectUri } = trusted;
  if (parameters.request !== undefined) {
    throw new AuthorizationRedirectError('request_not_supported', 'Request objects are not used');
  }
  if (parameters.request_uri !== undefined) {
    throw new AuthorizationRedirectError('request_uri_not_supported', 'request_uri is not used');
  }
  const responseType = single(parameters, 'response_type');
  if (responseType === undefined) throw invalid('response_type is required');
  if (responseType !== 'code') {
    throw new AuthorizationRedirectError('unsupported_response_type', 'Only code is supported');
  }
  const responseMode = single(parameters, 'response_mode');
  if (responseMode !== undefined && responseMode !== 'query') {
    throw invalid('Only the query response_mode is supported');
  }
  if (!client.grantTypes.includes(GRANT_TYPES.authorizationCode)) {
    throw new AuthorizationRedirectError(
      'unauthorized_client',
      'This client may not use the authorization code grant',
    );
  }
  return {
    client,
    redirectUri,
    scopes: scopesOf(parameters),
    state: bounded(parameters, 'state', MAX_STATE_LENGTH),
    nonce: bounded(parameters, 'nonce', MAX_STATE_LENGTH),
    codeChallenge: challengeOf(parameters, client),
    prompt: promptOf(parameters),
    maxAge: maxAgeOf(parameters),
    loginHint: bounded(parameters, 'login_hint', MAX_HINT_LENGTH),
    resources: resourcesOf(parameters),
  };
}

/** The form fields that carry `parameters` to the next hosted step. */
export function carriedParameters(
  parameters: RawParameters,
  without: readonly string[] = [],
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const name of AUTHORIZATION_PARAMETERS) {
    if (without.includes(name)) continue;
    const value = parameters[name];
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) if (typeof item === 'string') pairs.push([name, item]);
  }
  return pairs;
}

function scopesOf(parameters: RawParameters): string[] {
  try {
    return parseScope(single(parameters, 'scope')) ?? [];
  } catch {
    throw new AuthorizationRedirectError('invalid_scope', 'The scope is malformed');
  }
}

/** RFC 7636 §4.3 with RFC 9700 §2.1.1: S256 only; required of a client without a secret. */
function challengeOf(parameters: RawParameters, client: ServiceClient): string | undefined {
  const challenge = single(parameters, 'code_challenge');
  const method = single(parameters, 'code_challenge_method');
  if (challenge === undefined) {
    if (method !== undefined) throw invalid('code_challenge_method without code_challenge');
    if (client.tokenEndpointAuthMethod === 'none') {
      throw invalid('A public client must use PKCE (code_challenge, S256)');
    }
    return undefined;
  }
  // Without a method RFC 7636 §4.3 means `plain`, which this server does not accept.
  if (method !== 'S256') throw invalid('code_challenge_method must be S256');
  if (!isS256Challenge(challenge)) throw invalid('code_challenge is malformed');
  return challenge;
}

function promptOf(parameters: RawParameters): ReadonlySet<Prompt> {
  const raw = single(parameters, 'prompt');
  const values = (raw ?? '').split(' ').filter((value) => value.length > 0);
  for (const value of values) if (!PROMPTS.has(value)) throw invalid(`Unsupported prompt ${value}`);
  // OIDC Core §3.1.2.1: none with any other value is an error.
  if (values.includes('none') && values.length > 1) throw invalid('prompt=none stands alone');
  return new Set(values as Prompt[]);
}

function maxAgeOf(parameters: RawParameters): number | undefined {
  const raw = single(parameters, 'max_age');
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw invalid('max_age must be a number of seconds');
  return Number(raw);
}

/** RFC 8707 §2: absolute URIs without a fragment; repeatable. */
function resourcesOf(parameters: RawParameters): string[] {
  const raw = parameters.resource;
  if (raw === undefined) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  const resources: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string' || value.length === 0 || value.includes('#')) {
      throw new AuthorizationRedirectError('invalid_target', 'resource must be an absolute URI');
    }
    resources.push(value);
  }
  return [...new Set(resources)];
}

/** RFC 6749 §3.1: parameters must not be repeated; empty counts as absent. */
function single(parameters: RawParameters, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new UntrustedAuthorizationRequestError('invalid_request', `${name} is repeated`);
  }
  return value;
}

function bounded(parameters: RawParameters, name: string, maxLength: number): string | undefined {
  const value = single(parameters, name);
  if (value !== undefined && value.length > maxLength) throw invalid(`${name} is too long`);
  return value;
}

function invalid(description: string): AuthorizationRedirectError {
  return new AuthorizationRedirectError('invalid_request', description);
}
