import { FakeClock } from '../../src/common/fake-clock';
import { claimsOf, errorOf, OAuthTestApp } from '../oauth/oauth.fixtures';
import { UserAgent } from './agent';
import { findForm } from './html';
import {
  Account,
  authorizationRequest,
  authorizedCode,
  createOidcApp,
  createOidcClient,
  LOGIN_ACTION,
  OidcClient,
  redeem,
  registeredAccount,
  signIn,
  tokenRequest,
} from './oidc.fixtures';

/**
 * What the request carries cannot be bent on the way: duplicated parameters (RFC 6749 §3.1),
 * hidden inputs changed before the post, a planted session cookie (session fixation), refresh
 * tokens of one client used by another or used twice (RFC 9700 §4.14).
 */
describe('OpenID request integrity', () => {
  const clock = new FakeClock(Date.now());
  let sut: OAuthTestApp;
  let web: OidcClient;
  let spa: OidcClient;
  let otherSpa: OidcClient;
  let issuer: string;

  async function refreshTokenOf(client: OidcClient, who: Account): Promise<string> {
    const { code, request } = await authorizedCode(sut, client, who);
    const response = await redeem(sut, client, code, request);
    return ((await response.json()) as { refresh_token: string }).refresh_token;
  }

  const refresh = (client: OidcClient, refreshToken: string) =>
    tokenRequest(sut, client, { grant_type: 'refresh_token', refresh_token: refreshToken });

  beforeAll(async () => {
    sut = await createOidcApp({}, clock);
    issuer = sut.config.jwt.issuer;
    web = await createOidcClient(sut);
    spa = await createOidcClient(sut, { authMethod: 'none' });
    otherSpa = await createOidcClient(sut, { authMethod: 'none' });
  });
  afterAll(() => sut.close());

  it.each(['redirect_uri', 'client_id'])(
    'refuses a duplicated %s with a 400 page',
    async (name) => {
      const request = await authorizationRequest(sut, web);
      const duplicate = name === 'client_id' ? spa.client_id : 'http://localhost:5999/callback';
      request.url.searchParams.append(name, duplicate);

      const step = await new UserAgent(issuer).open(request.url);

      expect(step.status).toBe(400);
      expect(step.location).toBeUndefined();
    },
  );

  it('re-checks the request on the login post: a changed redirect_uri gets no redirect there', async () => {
    const who = await registeredAccount(sut);
    const agent = new UserAgent(issuer);
    const page = await agent.open((await authorizationRequest(sut, web)).url);

    const step = await agent.submit(page, LOGIN_ACTION, {
      username: who.username,
      password: who.password,
      redirect_uri: 'http://localhost:5999/callback',
    });

    expect(step.location?.origin ?? 'none').not.toBe('http://localhost:5999');
  });

  it('issues a new session cookie at sign-in, whatever cookie was planted', async () => {
    const who = await registeredAccount(sut);
    const agent = new UserAgent(issuer);
    agent.setCookie('warden_session', 'planted-by-an-attacker-0123456789abcdef');

    await signIn(agent, sut, (await authorizationRequest(sut, web)).url, who);

    expect(agent.cookie('warden_session')).toEqual(expect.any(String));
    expect(agent.cookie('warden_session')).not.toBe('planted-by-an-attacker-0123456789abcdef');
  });

  it('starts a new session when another user signs in with prompt=login', async () => {
    const [alice, bob] = [await registeredAccount(sut), await registeredAccount(sut)];
    const agent = new UserAgent(issuer);
    const idTokenOf = async ({ code, request }: Awaited<ReturnType<typeof authorizedCode>>) => {
      const response = await redeem(sut, web, code, request);
      return claimsOf(((await response.json()) as { id_token: string }).id_token);
    };
    const tokens = [await idTokenOf(await authorizedCode(sut, web, alice, agent))];
    const aliceCookie = agent.cookie('warden_session');

    tokens.push(await idTokenOf(await authorizedCode(sut, web, bob, agent, { prompt: 'login' })));

    expect(tokens.map((claims) => claims.sub)).toEqual([alice.id, bob.id]);
    expect(tokens[1].sid).not.toBe(tokens[0].sid);
    expect(agent.cookie('warden_session')).not.toBe(aliceCookie);
    const silent = await agent.open((await authorizationRequest(sut, web, { prompt: 'none' })).url);
    const code = silent.location?.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
  });

  it('signs no app out when the same user signs in again (prompt=login)', async () => {
    const who = await registeredAccount(sut);
    const earlier = await authorizedCode(sut, web, who);
    const response = await redeem(sut, web, earlier.code, earlier.request);
    const { refresh_token } = (await response.json()) as { refresh_token: string };

    // Re-authentication (OIDC Core §3.1.2.1 prompt=login, or max_age) is not a logout.
    await authorizedCode(sut, spa, who, earlier.agent, { prompt: 'login' });

    expect((await refresh(web, refresh_token)).status).toBe(200);
  });

  it("refuses one public client's refresh token to another, and ends it as stolen", async () => {
    const refreshToken = await refreshTokenOf(spa, await registeredAccount(sut));

    const stolen = await refresh(otherSpa, refreshToken);
    const owner = await refresh(spa, refreshToken);

    expect(await errorOf(stolen)).toEqual({ status: 400, error: 'invalid_grant' });
    // RFC 9700 §4.14.2: a token in the wrong hands is treated like a reused one.
    expect(await errorOf(owner)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it("ends a public client's refresh family when a rotated token comes back", async () => {
    const first = await refreshTokenOf(spa, await registeredAccount(sut));
    const rotated = (await (await refresh(spa, first)).json()) as { refresh_token: string };
    // Past REFRESH_REUSE_GRACE, which forgives a client's own retry of a lost response.
    clock.advance(sut.config.jwt.refreshReuseGrace + 1);

    const reuse = await refresh(spa, first);
    const next = await refresh(spa, rotated.refresh_token);

    expect(await errorOf(reuse)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await errorOf(next)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('keeps the request on the login page as it came; a hostile login_hint stays text', async () => {
    const hint = '"><script>alert(1)</script>';
    const request = await authorizationRequest(sut, web, { login_hint: hint });

    const page = await new UserAgent(issuer).open(request.url);
    const form = findForm(page.html, LOGIN_ACTION);

    for (const [name, value] of request.url.searchParams) {
      if (name !== 'login_hint') expect({ [name]: form?.hidden[name] }).toEqual({ [name]: value });
    }
    expect(page.html).not.toContain('<script>alert(1)');
  });
});
