import { FakeClock } from '../../src/common/fake-clock';
import { errorOf, introspect, OAuthTestApp, postForm } from '../oauth/oauth.fixtures';
import { Step, UserAgent } from './agent';
import {
  Account,
  authorizationRequest,
  authorizedCode,
  createOidcApp,
  createOidcClient,
  OidcClient,
  redeem,
  registeredAccount,
  tokenRequest,
} from './oidc.fixtures';

/**
 * What a hostile client, redirect or network position tries at the authorization and token
 * endpoints (RFC 6749 §10, RFC 9700 §4, RFC 7636), and what must come of it.
 */
describe('OpenID code flow under attack', () => {
  const clock = new FakeClock(Date.now());
  let sut: OAuthTestApp;
  let web: OidcClient;
  let spa: OidcClient;
  let lookalike: OidcClient;
  let who: Account;
  let agent: UserAgent;

  const open = async (client: OidcClient, overrides: Record<string, string | undefined> = {}) =>
    agent.open((await authorizationRequest(sut, client, overrides)).url);

  function expectErrorPage(step: Step): void {
    expect(step.status).toBe(400);
    expect(step.headers.get('content-type')).toMatch(/^text\/html/);
    expect(step.headers.get('location')).toBeNull();
  }

  function expectErrorRedirect(step: Step, client: OidcClient, error: string, state: string) {
    expect(step.status).toBe(303);
    const location = step.location as URL;
    expect(`${location.origin}${location.pathname}`).toBe(client.redirect_uris[0]);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      error,
      state,
      iss: sut.config.jwt.issuer,
    });
    expect(location.searchParams.get('code')).toBeNull();
  }

  beforeAll(async () => {
    sut = await createOidcApp({}, clock);
    web = await createOidcClient(sut, {
      name: 'web',
      redirectUris: ['http://localhost:4801/callback', 'http://localhost:4801/other'],
    });
    spa = await createOidcClient(sut, {
      name: 'spa',
      authMethod: 'none',
      redirectUris: ['http://localhost:4811/callback'],
    });
    // Same redirect URI as `web`: only the binding to the client tells their codes apart.
    lookalike = await createOidcClient(sut, { name: 'lookalike', redirectUris: web.redirect_uris });
    who = await registeredAccount(sut);
    agent = (await authorizedCode(sut, web, who)).agent;
  });
  afterAll(() => sut.close());

  it.each([
    ['another origin', 'http://localhost:5999/callback'],
    ['a longer path', 'http://localhost:4801/callback/x'],
    ['an added query', 'http://localhost:4801/callback?next=1'],
    ['a trailing slash', 'http://localhost:4801/callback/'],
    ['another case', 'http://localhost:4801/Callback'],
    ['another port', 'http://localhost:4802/callback'],
    ["another client's", 'http://localhost:4811/callback'],
    ['none at all', undefined],
  ])('answers a redirect_uri that is %s with a 400 page, never a redirect', async (_, uri) => {
    expectErrorPage(await open(web, { redirect_uri: uri }));
  });

  it.each([
    ['an unknown client', { client_id: 'no-such-client' }],
    ['no client', { client_id: undefined }],
  ])('answers %s with a 400 page', async (_, overrides) => {
    expectErrorPage(await open(web, overrides));
  });

  it.each([
    ['without code_challenge', { code_challenge: undefined, code_challenge_method: undefined }],
    ['with the plain method', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }],
  ])('refuses a public client %s: invalid_request, with state and iss', async (_, overrides) => {
    const request = await authorizationRequest(sut, spa, overrides);

    expectErrorRedirect(await agent.open(request.url), spa, 'invalid_request', request.state);
  });

  it('refuses response_type=token: unsupported_response_type (RFC 6749 §4.1.2.1)', async () => {
    const request = await authorizationRequest(sut, web, { response_type: 'token' });

    expectErrorRedirect(
      await agent.open(request.url),
      web,
      'unsupported_response_type',
      request.state,
    );
  });

  it('answers prompt=none without a session with login_required', async () => {
    const request = await authorizationRequest(sut, web, { prompt: 'none' });

    const step = await new UserAgent(sut.config.jwt.issuer).open(request.url);

    expectErrorRedirect(step, web, 'login_required', request.state);
  });

  it('refuses a replayed code, and revokes what its first redemption issued', async () => {
    const { code, request } = await authorizedCode(sut, web, who, agent);
    const first = await redeem(sut, web, code, request);
    const tokens = (await first.json()) as { access_token: string; refresh_token: string };

    const replay = await redeem(sut, web, code, request);

    expect(first.status).toBe(200);
    expect(await errorOf(replay)).toEqual({ status: 400, error: 'invalid_grant' });
    const refreshed = await tokenRequest(sut, web, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(await errorOf(refreshed)).toEqual({ status: 400, error: 'invalid_grant' });
    const secret = { ...web, client_secret: web.client_secret as string };
    expect(await introspect(sut, secret, tokens.access_token)).toEqual({ active: false });
  });

  it('refuses a wrong code_verifier', async () => {
    const { code, request } = await authorizedCode(sut, web, who, agent);

    const response = await redeem(sut, web, code, { ...request, verifier: 'b'.repeat(43) });

    expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('refuses a redemption without code_verifier when the request had a challenge', async () => {
    const { code, request } = await authorizedCode(sut, web, who, agent);

    const response = await tokenRequest(sut, web, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: request.redirectUri,
    });

    const { status, error } = await errorOf(response);
    expect(status).toBe(400);
    expect(['invalid_grant', 'invalid_request']).toContain(error);
  });

  it("refuses another client's code, even at the same redirect_uri", async () => {
    const { code, request } = await authorizedCode(sut, web, who, agent);

    expect(await errorOf(await redeem(sut, lookalike, code, request))).toEqual({
      status: 400,
      error: 'invalid_grant',
    });
  });

  it('refuses a redirect_uri at the token endpoint other than the one authorized', async () => {
    const { code, request } = await authorizedCode(sut, web, who, agent);

    const response = await redeem(sut, web, code, {
      ...request,
      redirectUri: web.redirect_uris[1],
    });

    expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('refuses a public client presenting a secret, and a confidential one presenting none', async () => {
    const { code, request } = await authorizedCode(sut, spa, who, agent);
    const parameters = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: request.redirectUri,
      code_verifier: request.verifier,
    };

    const withSecret = await postForm(sut, '/oauth/token', {
      ...parameters,
      client_id: spa.client_id,
      client_secret: 'A'.repeat(43),
    });
    const confidentialWithout = await postForm(sut, '/oauth/token', {
      ...parameters,
      client_id: web.client_id,
    });

    expect(await errorOf(withSecret)).toEqual({ status: 401, error: 'invalid_client' });
    expect(await errorOf(confidentialWithout)).toEqual({ status: 401, error: 'invalid_client' });
  });

  // Last: it moves the clock past the code's lifetime.
  it('refuses a code older than AUTHORIZATION_CODE_TTL', async () => {
    const { code, request } = await authorizedCode(sut, spa, who, agent);

    clock.advance(sut.config.oidc.authorizationCodeTtl + 1);
    const response = await redeem(sut, spa, code, request);

    expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_grant' });
  });
});
