import { api } from '../admin/admin.fixtures';
import type { OAuthTestApp } from '../oauth/oauth.fixtures';
import { Step, UserAgent } from './agent';
import { findForm } from './html';
import {
  Account,
  authorizationRequest,
  authorizedCode,
  createOidcApp,
  createOidcClient,
  LOGOUT_ACTION,
  OidcClient,
  redeem,
  registeredAccount,
  tokenRequest,
} from './oidc.fixtures';

/**
 * RP-initiated logout 1.0 at the end_session_endpoint, and the other ways an SSO session ends:
 * a logout needs the confirming post (a GET or a forged post changes nothing), and a
 * post_logout_redirect_uri must be one the hinted client registered.
 */
describe('OpenID logout and the end of SSO sessions', () => {
  let sut: OAuthTestApp;
  let web: OidcClient;
  let other: OidcClient;

  /** A browser signed in to `web`, with the ID token and refresh token it got. */
  async function signedIn(who: Account) {
    const { code, request, agent } = await authorizedCode(sut, web, who);
    const response = await redeem(sut, web, code, request);
    const tokens = (await response.json()) as { id_token: string; refresh_token: string };
    return { agent, idToken: tokens.id_token, refreshToken: tokens.refresh_token };
  }

  const logoutUrl = (parameters: Record<string, string>) => {
    const url = new URL(`${sut.config.jwt.issuer}/oauth/logout`);
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    return url;
  };

  /** Whether the browser still has an SSO session: prompt=none gets a code. */
  async function hasSession(agent: UserAgent): Promise<boolean> {
    const step = await agent.open((await authorizationRequest(sut, web, { prompt: 'none' })).url);
    return step.location?.searchParams.has('code') ?? false;
  }

  const refreshes = async (refreshToken: string) =>
    (await tokenRequest(sut, web, { grant_type: 'refresh_token', refresh_token: refreshToken }))
      .status === 200;

  function expectErrorPage(step: Step): void {
    expect(step.status).toBe(400);
    expect(step.headers.get('content-type')).toMatch(/^text\/html/);
    expect(step.location).toBeUndefined();
  }

  beforeAll(async () => {
    sut = await createOidcApp();
    web = await createOidcClient(sut, { name: 'web' });
    other = await createOidcClient(sut, { name: 'other' });
  });
  afterAll(() => sut.close());

  it('only asks on GET: the session lives until the confirmation is posted', async () => {
    const { agent, idToken } = await signedIn(await registeredAccount(sut));

    const confirmation = await agent.open(logoutUrl({ id_token_hint: idToken }));

    expect(confirmation.status).toBe(200);
    expect(findForm(confirmation.html, LOGOUT_ACTION)?.method).toBe('post');
    expect(confirmation.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(await hasSession(agent)).toBe(true);
  });

  it('refuses a post_logout_redirect_uri the hinted client did not register', async () => {
    const { agent, idToken } = await signedIn(await registeredAccount(sut));

    for (const uri of [
      'http://localhost:5999/logged-out',
      other.post_logout_redirect_uris[0],
      `${web.post_logout_redirect_uris[0]}/x`,
    ]) {
      expectErrorPage(
        await agent.open(logoutUrl({ id_token_hint: idToken, post_logout_redirect_uri: uri })),
      );
    }
    expectErrorPage(
      await agent.open(logoutUrl({ post_logout_redirect_uri: web.post_logout_redirect_uris[0] })),
    );
  });

  it('refuses a forged id_token_hint', async () => {
    const { agent, idToken } = await signedIn(await registeredAccount(sut));
    const forged = `${idToken.slice(0, -6)}AAAAAA`;

    expectErrorPage(
      await agent.open(
        logoutUrl({
          id_token_hint: forged,
          post_logout_redirect_uri: web.post_logout_redirect_uris[0],
        }),
      ),
    );
  });

  it('refuses a confirmation without its CSRF token, and the session lives on', async () => {
    const { agent, idToken, refreshToken } = await signedIn(await registeredAccount(sut));
    const confirmation = await agent.open(logoutUrl({ id_token_hint: idToken }));

    const refused = await agent.submit(confirmation, LOGOUT_ACTION, {
      decision: 'logout',
      csrf_token: undefined,
    });

    expect(refused.status).toBe(403);
    expect(await hasSession(agent)).toBe(true);
    expect(await refreshes(refreshToken)).toBe(true);
  });

  it('signs out without a redirect: a signed-out page, the cookie cleared', async () => {
    const { agent, refreshToken } = await signedIn(await registeredAccount(sut));
    const confirmation = await agent.open(logoutUrl({}));

    const done = await agent.submit(confirmation, LOGOUT_ACTION, { decision: 'logout' });

    expect(done.status).toBe(200);
    expect(done.location).toBeUndefined();
    expect(agent.cookie('warden_session')).toBeUndefined();
    expect(await refreshes(refreshToken)).toBe(false);
  });

  it("ends that browser's session only: the user's other browser stays signed in", async () => {
    const who = await registeredAccount(sut);
    const here = await signedIn(who);
    const elsewhere = await signedIn(who);
    const confirmation = await here.agent.open(logoutUrl({ id_token_hint: here.idToken }));

    await here.agent.submit(confirmation, LOGOUT_ACTION, { decision: 'logout' });

    expect(await hasSession(here.agent)).toBe(false);
    expect(await hasSession(elsewhere.agent)).toBe(true);
    expect(await refreshes(elsewhere.refreshToken)).toBe(true);
  });

  it.each([
    [
      'deactivated',
      (id: string) => api(sut, 'PATCH', `/users/${id}`, sut.adminToken, { isActive: false }),
    ],
    [
      'logged out everywhere',
      (id: string) => api(sut, 'POST', `/users/${id}/revoke-tokens`, sut.adminToken),
    ],
  ])('ends the SSO session of a user %s by an administrator', async (_, act) => {
    const who = await registeredAccount(sut);
    const { agent } = await signedIn(who);

    const response = await act(who.id);

    expect(response.status).toBeLessThan(300);
    expect(await hasSession(agent)).toBe(false);
  });
});
