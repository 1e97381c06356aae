import {
  ACCESS_TOKEN_TYPE,
  createClient,
  createOAuthTestApp,
  introspect,
  OAuthClient,
  OAuthTestApp,
  TOKEN_EXCHANGE,
  tokenOk,
} from '../oauth/oauth.fixtures';
import {
  authedPost,
  bodyOf,
  loginOk,
  me,
  refresh,
  registeredAccount,
} from '../tokens/session.fixtures';

/**
 * The session routes are about a user's own account. A service token (client credentials, no
 * user behind it) is a valid token of the wrong kind there: 403 ERR_USER_TOKEN_REQUIRED with an
 * `insufficient_scope` challenge (RFC 6750 §3.1), never a 500. A delegated token acts for its
 * user: it may read the account, and its logout ends only itself; changing the password is the
 * user's own act.
 */
describe('user-session routes and the kind of token', () => {
  let sut: OAuthTestApp;
  let machine: OAuthClient;
  let gateway: OAuthClient;

  const exchange = async (actor: OAuthClient, subjectToken: string): Promise<string> =>
    (
      await tokenOk(sut, actor, {
        grant_type: TOKEN_EXCHANGE,
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
      })
    ).access_token;

  const get = (path: string, token: string) =>
    sut.request(path, { headers: { authorization: `Bearer ${token}` } });

  async function expectUserTokenRequired(response: Response): Promise<void> {
    const body = await bodyOf(response);
    expect({ status: response.status, code: body.code }).toEqual({
      status: 403,
      code: 'ERR_USER_TOKEN_REQUIRED',
    });
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
  }

  beforeAll(async () => {
    sut = await createOAuthTestApp();
    machine = await createClient(sut, { name: 'machine' });
    gateway = await createClient(sut, { name: 'gateway' });
  });
  afterAll(() => sut.close());

  describe('a service token', () => {
    let serviceToken: string;

    beforeEach(async () => {
      serviceToken = (await tokenOk(sut, machine, { grant_type: 'client_credentials' }))
        .access_token;
    });

    it('is refused by GET /auth/me with 403 ERR_USER_TOKEN_REQUIRED', async () => {
      await expectUserTokenRequired(await get('/auth/me', serviceToken));
    });

    it('is refused by POST /auth/logout, and stays valid', async () => {
      await expectUserTokenRequired(await authedPost(sut, '/auth/logout', serviceToken));

      expect(await introspect(sut, machine, serviceToken)).toMatchObject({ active: true });
    });

    it('is refused by POST /auth/password', async () => {
      const response = await authedPost(sut, '/auth/password', serviceToken, {
        currentPassword: 'whatever it was',
        newPassword: 'something new and long',
      });

      await expectUserTokenRequired(response);
    });

    it('delegated to another client still has no user behind it', async () => {
      const delegated = await exchange(gateway, serviceToken);

      await expectUserTokenRequired(await get('/auth/me', delegated));
    });
  });

  describe('a delegated token', () => {
    it('reads the account it acts for', async () => {
      const who = await registeredAccount(sut);
      const pair = await loginOk(sut, who);
      const delegated = await exchange(gateway, pair.access_token);

      const response = await me(sut, delegated);

      expect(response.status).toBe(200);
      expect(await bodyOf(response)).toMatchObject({ id: who.id });
    });

    it('may not change the password', async () => {
      const who = await registeredAccount(sut);
      const delegated = await exchange(gateway, (await loginOk(sut, who)).access_token);

      const response = await authedPost(sut, '/auth/password', delegated, {
        currentPassword: who.password,
        newPassword: `${who.password} v2`,
      });

      await expectUserTokenRequired(response);
      expect((await loginOk(sut, who)).access_token).toEqual(expect.any(String));
    });

    it("logging out ends only that delegated token, not the user's session", async () => {
      const pair = await loginOk(sut, await registeredAccount(sut));
      const delegated = await exchange(gateway, pair.access_token);
      const sibling = await exchange(gateway, pair.access_token);

      const response = await authedPost(sut, '/auth/logout', delegated, {
        refresh_token: pair.refresh_token,
      });

      expect(response.status).toBe(200);
      expect((await me(sut, delegated)).status).toBe(401);
      expect((await me(sut, sibling)).status).toBe(200);
      expect((await me(sut, pair.access_token)).status).toBe(200);
      expect((await refresh(sut, pair.refresh_token)).status).toBe(200);
    });
  });

  it('a session token carries its refresh family as sid, kept across a refresh', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));
    const renewed = (await bodyOf(await refresh(sut, pair.refresh_token))) as {
      access_token: string;
    };
    const delegated = await exchange(gateway, pair.access_token);

    const sid = claimsSid(pair.access_token);
    expect(sid).toEqual(expect.any(String));
    expect(claimsSid(renewed.access_token)).toBe(sid);
    expect(claimsSid(delegated)).toBe(sid);
  });
});

function claimsSid(token: string): unknown {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    sid?: unknown;
  };
  return payload.sid;
}
