import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  buildEndSessionUrl,
  calculatePKCECodeChallenge,
  type Configuration,
  fetchUserInfo,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  refreshTokenGrant,
} from 'openid-client';
import type { OAuthTestApp } from '../oauth/oauth.fixtures';
import { loginOk } from '../tokens/session.fixtures';
import { leaves, UserAgent } from './agent';
import { findForm } from './html';
import { verifyIdToken } from './id-token';
import {
  Account,
  createOidcApp,
  createOidcClient,
  FULL_SCOPE,
  LOGIN_ACTION,
  LOGOUT_ACTION,
  OidcClient,
  registeredAccount,
  relyingParty,
  signIn,
} from './oidc.fixtures';

type Tokens = Awaited<ReturnType<typeof authorizationCodeGrant>>;

/** The code flow end to end, with openid-client as the relying party (OIDC Core §3.1). */
describe('OpenID code flow', () => {
  let sut: OAuthTestApp;
  let confidential: OidcClient;
  let publicClient: OidcClient;
  let confidentialRp: Configuration;
  let publicRp: Configuration;
  let who: Account;
  // One browser for the whole file: the second client is served from its SSO session.
  let agent: UserAgent;

  async function codeFlow(
    client: OidcClient,
    config: Configuration,
    scope = FULL_SCOPE,
    /** Fail if the login form is shown: the SSO session must serve the request. */
    sso = false,
  ): Promise<{ tokens: Tokens; nonce: string }> {
    const verifier = randomPKCECodeVerifier();
    const state = randomState();
    const nonce = randomNonce();
    const url = buildAuthorizationUrl(config, {
      redirect_uri: client.redirect_uris[0],
      scope,
      state,
      nonce,
      code_challenge: await calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const callback = await signIn(agent, sut, url, sso ? undefined : who);
    const tokens = await authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    return { tokens, nonce };
  }

  beforeAll(async () => {
    sut = await createOidcApp();
    confidential = await createOidcClient(sut, { name: 'web app' });
    publicClient = await createOidcClient(sut, { name: 'spa', authMethod: 'none' });
    confidentialRp = await relyingParty(sut, confidential);
    publicRp = await relyingParty(sut, publicClient);
    who = await registeredAccount(sut);
    agent = new UserAgent(sut.config.jwt.issuer);
  });
  afterAll(() => sut.close());

  it('registers a public client without a secret', () => {
    expect(publicClient).not.toHaveProperty('client_secret');
    expect(publicClient.token_endpoint_auth_method).toBe('none');
  });

  it('signs a user in to a confidential client: tokens, a valid ID token, userinfo', async () => {
    const { tokens, nonce } = await codeFlow(confidential, confidentialRp);

    expect(tokens).toMatchObject({ token_type: 'bearer', refresh_token: expect.any(String) });
    expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(FULL_SCOPE.split(' ')));
    expect(tokens.expiresIn()).toBeGreaterThan(0);
    const idToken = await verifyIdToken(
      sut,
      tokens.id_token as string,
      confidential.client_id,
      tokens.access_token,
    );
    expect(idToken.payload).toMatchObject({ sub: who.id, nonce });
    expect(idToken.payload.amr).toContain('pwd');
    const info = await fetchUserInfo(confidentialRp, tokens.access_token, who.id);
    expect(info).toMatchObject({
      sub: who.id,
      preferred_username: who.username,
      name: expect.any(String),
      email: who.email,
      email_verified: expect.any(Boolean),
    });
  });

  it('signs the same browser in to a public client from the SSO session, without the form', async () => {
    const first = await codeFlow(confidential, confidentialRp, FULL_SCOPE, true);
    const second = await codeFlow(publicClient, publicRp, FULL_SCOPE, true);

    const one = await verifyIdToken(
      sut,
      first.tokens.id_token as string,
      confidential.client_id,
      first.tokens.access_token,
    );
    const other = await verifyIdToken(
      sut,
      second.tokens.id_token as string,
      publicClient.client_id,
      second.tokens.access_token,
    );
    expect(other.payload).toMatchObject({
      sub: who.id,
      sid: one.payload.sid,
      auth_time: one.payload.auth_time,
      nonce: second.nonce,
    });
  });

  it('refreshes with offline_access, and the refresh rotates', async () => {
    const { tokens } = await codeFlow(publicClient, publicRp);

    const refreshed = await refreshTokenGrant(publicRp, tokens.refresh_token as string);

    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await fetchUserInfo(publicRp, refreshed.access_token, who.id)).toMatchObject({
      sub: who.id,
    });
  });

  it('issues no refresh token without offline_access, and userinfo follows the scope', async () => {
    const { tokens } = await codeFlow(confidential, confidentialRp, 'openid');

    expect(tokens.refresh_token).toBeUndefined();
    const info = await fetchUserInfo(confidentialRp, tokens.access_token, who.id);
    expect(info.sub).toBe(who.id);
    for (const claim of ['preferred_username', 'name', 'email', 'email_verified']) {
      expect(info).not.toHaveProperty(claim);
    }
  });

  it('answers userinfo by POST too; refuses a bad token (401) and one without openid (403)', async () => {
    const { tokens } = await codeFlow(confidential, confidentialRp, 'openid email');
    const call = (token: string, method = 'GET') =>
      sut.request('/userinfo', { method, headers: { authorization: `Bearer ${token}` } });

    const posted = await call(tokens.access_token, 'POST');
    const forged = await call(`${tokens.access_token.slice(0, -4)}AAAA`);
    const withoutOpenid = await call((await loginOk(sut, who)).access_token);
    const anonymous = await sut.request('/userinfo');

    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ sub: who.id, email: who.email });
    for (const refused of [forged, anonymous]) expect(refused.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(withoutOpenid.status).toBe(403);
    expect(withoutOpenid.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
  });

  it("RP-initiated logout ends the SSO session and every app's refresh token", async () => {
    const web = await codeFlow(confidential, confidentialRp);
    const spa = await codeFlow(publicClient, publicRp);
    const url = buildEndSessionUrl(confidentialRp, {
      id_token_hint: web.tokens.id_token as string,
      post_logout_redirect_uri: confidential.post_logout_redirect_uris[0],
      state: 'bye-1',
    });

    const confirmation = await agent.open(url);
    const form = findForm(confirmation.html, LOGOUT_ACTION);
    const done = await agent.submit(confirmation, LOGOUT_ACTION, { decision: 'logout' });

    expect(confirmation.status).toBe(200);
    expect(form?.method).toBe('post');
    expect(form?.hidden).toHaveProperty('csrf_token');
    expect(leaves(done, sut.config.jwt.issuer)).toBe(true);
    const back = done.location as URL;
    expect(`${back.origin}${back.pathname}`).toBe(confidential.post_logout_redirect_uris[0]);
    expect(back.searchParams.get('state')).toBe('bye-1');
    expect(agent.cookie('warden_session')).toBeUndefined();
    for (const [config, tokens] of [
      [confidentialRp, web.tokens],
      [publicRp, spa.tokens],
    ] as const) {
      await expect(refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject(
        {
          error: 'invalid_grant',
        },
      );
    }
    const again = await agent.open(
      buildAuthorizationUrl(confidentialRp, {
        redirect_uri: confidential.redirect_uris[0],
        scope: 'openid',
        code_challenge: await calculatePKCECodeChallenge(randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }),
    );
    expect(findForm(again.html, LOGIN_ACTION)).toBeDefined();
  });
});
