import type { ServiceClient } from '../tokens/clients/service-client';
import {
  carriedParameters,
  parseAuthorizationRequest,
  trustedRedirect,
} from './authorization-request';

const REDIRECT = 'https://app.example.com/callback';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

function client(overrides: Partial<ServiceClient> = {}): ServiceClient {
  return {
    clientId: 'c1',
    name: 'App',
    permissions: [],
    grantTypes: ['authorization_code'],
    allowedAudiences: [],
    attributes: {},
    isActive: true,
    createdAt: '2026-12-01T00:00:00.000Z',
    redirectUris: [REDIRECT],
    postLogoutRedirectUris: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    firstParty: false,
    allowedOrigins: [],
    ...overrides,
  };
}

const BASE = { client_id: 'c1', redirect_uri: REDIRECT, response_type: 'code' };

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

function parse(parameters: Record<string, unknown>, registered = client()) {
  return parseAuthorizationRequest(parameters, trustedRedirect(parameters, registered));
}

describe('trustedRedirect (RFC 6749 §4.1.2.1: never redirect before this holds)', () => {
  it.each([
    ['no client_id', { redirect_uri: REDIRECT }, client()],
    ['an unknown client', BASE, null],
    ['an inactive client', BASE, client({ isActive: false })],
    ['no redirect_uri', { client_id: 'c1' }, client()],
    [
      'a prefix of the registered URI',
      { ...BASE, redirect_uri: 'https://app.example.com/' },
      client(),
    ],
    ['an extension of it', { ...BASE, redirect_uri: `${REDIRECT}/../evil` }, client()],
    ['another case', { ...BASE, redirect_uri: REDIRECT.toUpperCase() }, client()],
    ['a repeated client_id', { ...BASE, client_id: ['c1', 'c2'] }, client()],
  ])('refuses %s', (_name, parameters, registered) => {
    expect(thrown(() => trustedRedirect(parameters, registered))).toMatchObject({
      code: 'ERR_UNTRUSTED_AUTHORIZATION_REQUEST',
    });
  });
});

describe(parseAuthorizationRequest.name, () => {
  it('reads a full request', () => {
    const request = parse({
      ...BASE,
      scope: 'openid profile orders:read',
      state: 's',
      nonce: 'n',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      prompt: 'login consent',
      max_age: '300',
      login_hint: 'ada',
      resource: ['https://api.example.com', 'https://api.example.com'],
    });
    expect(request).toMatchObject({
      scopes: ['openid', 'profile', 'orders:read'],
      state: 's',
      nonce: 'n',
      codeChallenge: CHALLENGE,
      maxAge: 300,
      loginHint: 'ada',
      resources: ['https://api.example.com'],
    });
    expect([...request.prompt]).toEqual(['login', 'consent']);
  });

  it.each([
    ['invalid_request', { response_type: undefined }],
    ['unsupported_response_type', { response_type: 'token' }],
    ['invalid_request', { code_challenge: CHALLENGE }],
    ['invalid_request', { code_challenge: CHALLENGE, code_challenge_method: 'plain' }],
    ['invalid_request', { code_challenge: 'short', code_challenge_method: 'S256' }],
    ['invalid_request', { code_challenge_method: 'S256' }],
    ['invalid_request', { prompt: 'none login' }],
    ['invalid_request', { prompt: 'select_account' }],
    ['invalid_request', { max_age: '-1' }],
    ['invalid_request', { response_mode: 'fragment' }],
    ['invalid_scope', { scope: 'openid "bad"' }],
    ['invalid_target', { resource: 'https://api.example.com#x' }],
    ['request_not_supported', { request: 'eyJ...' }],
  ])('answers %s to %j', (error, extra) => {
    expect(thrown(() => parse({ ...BASE, ...extra }))).toMatchObject({
      code: 'ERR_AUTHORIZATION_REDIRECT',
      error,
    });
  });

  it('requires PKCE of a public client', () => {
    const spa = client({ tokenEndpointAuthMethod: 'none' });
    expect(thrown(() => parse(BASE, spa))).toMatchObject({ error: 'invalid_request' });
    const withPkce = { ...BASE, code_challenge: CHALLENGE, code_challenge_method: 'S256' };
    expect(parse(withPkce, spa).codeChallenge).toBe(CHALLENGE);
  });

  it('answers unauthorized_client to a client without the authorization_code grant', () => {
    expect(thrown(() => parse(BASE, client({ grantTypes: ['client_credentials'] })))).toMatchObject(
      { error: 'unauthorized_client' },
    );
  });
});

describe(carriedParameters.name, () => {
  it('carries the known parameters, repeats included, and drops the rest', () => {
    const pairs = carriedParameters(
      { ...BASE, resource: ['a', 'b'], password: 'secret', prompt: 'login' },
      ['prompt'],
    );
    expect(pairs).toEqual([
      ['client_id', 'c1'],
      ['redirect_uri', REDIRECT],
      ['response_type', 'code'],
      ['resource', 'a'],
      ['resource', 'b'],
    ]);
  });
});
