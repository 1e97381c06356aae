import { FakeClock } from '../../src/common/fake-clock';
import { OAuthTestApp, postJson } from '../oauth/oauth.fixtures';
import { Step, UserAgent } from './agent';
import { alertsOf, findForm, labelsOf } from './html';
import {
  Account,
  authorizationRequest,
  codeOf,
  createOidcApp,
  createOidcClient,
  LOGIN_ACTION,
  OidcClient,
  registeredAccount,
  signIn,
} from './oidc.fixtures';

const MAX_ATTEMPTS = 3;
const LOCK_SECONDS = 120;
const HOSTILE_STATE = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&amp;%20 ü €`;

/** The hosted login page: its markup, its headers, CSRF, escaping and the shared lockout. */
describe('OpenID hosted login page', () => {
  const clock = new FakeClock(Date.now());
  let sut: OAuthTestApp;
  let client: OidcClient;
  let issuer: string;

  const browser = () => new UserAgent(issuer);
  const loginPage = async (agent = browser(), overrides: Record<string, string> = {}) => {
    const request = await authorizationRequest(sut, client, overrides);
    return { request, agent, page: await agent.open(request.url) };
  };
  const post = (agent: UserAgent, page: Step, who: Pick<Account, 'username' | 'password'>) =>
    agent.submit(page, LOGIN_ACTION, { username: who.username, password: who.password });
  const wrong = (who: Account) => ({ username: who.username, password: 'wrong password 1' });

  function expectHostedPageHeaders(step: Step): void {
    const policy = step.headers.get('content-security-policy') ?? '';
    const directives = policy.split(';').map((directive) => directive.trim());
    expect(directives).toEqual(
      expect.arrayContaining(["default-src 'none'", "frame-ancestors 'none'"]),
    );
    expect(policy).toMatch(/style-src 'self'/);
    expect(step.headers.get('cache-control')).toMatch(/no-store/);
  }

  beforeAll(async () => {
    sut = await createOidcApp(
      {
        LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        LOGIN_LOCK_SECONDS: String(LOCK_SECONDS),
        LOGIN_ACCOUNT_MAX_ATTEMPTS: '100',
      },
      clock,
    );
    issuer = sut.config.jwt.issuer;
    client = await createOidcClient(sut, { redirectUris: ['http://localhost:4901/callback'] });
  });
  afterAll(() => sut.close());
  // Every test starts with the locks of the previous ones over.
  afterEach(() => clock.advance(10 * LOCK_SECONDS));

  it('is a plain form post: labelled inputs, a CSRF token, the request in hidden inputs', async () => {
    const { page, request } = await loginPage();
    const form = findForm(page.html, LOGIN_ACTION);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(form?.method).toBe('post');
    expect(form?.hidden).toMatchObject({
      csrf_token: expect.stringMatching(/.{16,}/),
      client_id: client.client_id,
      redirect_uri: request.redirectUri,
      state: request.state,
      nonce: request.nonce,
    });
    const username = form?.inputs.find((input) => input.name === 'username');
    const password = form?.inputs.find((input) => input.name === 'password');
    expect(labelsOf(page.html)[username?.id ?? '']).toBe('Username or email');
    expect(labelsOf(page.html)[password?.id ?? '']).toEqual(expect.any(String));
    expect(password?.type).toBe('password');
  });

  it("sends the CSP (frame-ancestors 'none', form-action to the client) and no-store", async () => {
    const { page } = await loginPage();

    expectHostedPageHeaders(page);
    expect(page.headers.get('content-security-policy')).toMatch(
      /form-action 'self' http:\/\/localhost:4901(;|$| )/,
    );
    const errorPage = await browser().open(`${issuer}/oauth/authorize?client_id=nobody`);
    expect(errorPage.status).toBe(400);
    expectHostedPageHeaders(errorPage);
    const stylesheet = await sut.request('/oauth/assets/warden.css');
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('signs in with a session cookie: HttpOnly, SameSite=Lax, Path=/, no Secure on http', async () => {
    const who = await registeredAccount(sut);
    const { page, request, agent } = await loginPage();

    const done = await agent.request(new URL(LOGIN_ACTION, issuer), {
      ...findForm(page.html, LOGIN_ACTION)?.hidden,
      username: who.username,
      password: who.password,
    });

    expect(done.status).toBe(303);
    const cookie = done.headers.getSetCookie().find((line) => line.startsWith('warden_session='));
    const attributes = (cookie ?? '').split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(attributes).not.toContain('secure');
    expect(codeOf(sut, done.location as URL, request.state)).toEqual(expect.any(String));
  });

  it('accepts the email, in any letter case, as the username', async () => {
    const who = await registeredAccount(sut);
    const { page, agent, request } = await loginPage();

    const done = await post(agent, page, {
      username: who.email.toUpperCase(),
      password: who.password,
    });

    expect(codeOf(sut, done.location as URL, request.state)).toEqual(expect.any(String));
  });

  it('shows the form again with one alert, whatever was wrong, and starts no session', async () => {
    const who = await registeredAccount(sut);
    const { page, agent } = await loginPage();

    const wrongPassword = await post(agent, page, wrong(who));
    const unknownUser = await post(agent, wrongPassword, {
      username: 'nobody.here',
      password: 'x'.repeat(12),
    });

    for (const refused of [wrongPassword, unknownUser]) {
      expect([200, 401]).toContain(refused.status);
      expect(findForm(refused.html, LOGIN_ACTION)).toBeDefined();
    }
    expect(alertsOf(wrongPassword.html)).toHaveLength(1);
    expect(alertsOf(unknownUser.html)).toEqual(alertsOf(wrongPassword.html));
    expect(agent.cookie('warden_session')).toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'A'.repeat(43)],
  ])('refuses a login post whose CSRF token is %s, and starts no session', async (_, csrf) => {
    const who = await registeredAccount(sut);
    const { page, agent, request } = await loginPage();

    const refused = await agent.submit(page, LOGIN_ACTION, {
      csrf_token: csrf,
      username: who.username,
      password: who.password,
    });

    expect([400, 403]).toContain(refused.status);
    expect(refused.location).toBeUndefined();
    expect(agent.cookie('warden_session')).toBeUndefined();
    const silent = await agent.open(
      (await authorizationRequest(sut, client, { prompt: 'none', state: request.state })).url,
    );
    expect(silent.location?.searchParams.get('error')).toBe('login_required');
  });

  it("refuses another browser's CSRF token (login CSRF)", async () => {
    const who = await registeredAccount(sut);
    const { page } = await loginPage();
    const victim = browser();

    const refused = await victim.request(new URL(LOGIN_ACTION, issuer), {
      ...findForm(page.html, LOGIN_ACTION)?.hidden,
      username: who.username,
      password: who.password,
    });

    expect([400, 403]).toContain(refused.status);
    expect(victim.cookie('warden_session')).toBeUndefined();
  });

  it('echoes a hostile state exactly, and escapes it in the page', async () => {
    const who = await registeredAccount(sut);
    const { page, agent } = await loginPage(browser(), { state: HOSTILE_STATE });
    const silent = await browser().open(
      (await authorizationRequest(sut, client, { prompt: 'none', state: HOSTILE_STATE })).url,
    );

    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).not.toContain('<img src=x');
    expect(findForm(page.html, LOGIN_ACTION)?.hidden.state).toBe(HOSTILE_STATE);
    const done = await signIn(agent, sut, page, who);
    expect(done.searchParams.get('state')).toBe(HOSTILE_STATE);
    expect(silent.location?.searchParams.get('state')).toBe(HOSTILE_STATE);
  });

  it('shows the form to a signed-in browser for prompt=login, and past max_age', async () => {
    const who = await registeredAccount(sut);
    const agent = browser();
    await signIn(agent, sut, (await authorizationRequest(sut, client)).url, who);

    const forced = await loginPage(agent, { prompt: 'login' });
    clock.advance(5);
    const tooOld = await loginPage(agent, { max_age: '2' });
    const recentEnough = await loginPage(agent, { max_age: '3600' });

    expect(findForm(forced.page.html, LOGIN_ACTION)).toBeDefined();
    expect(findForm(tooOld.page.html, LOGIN_ACTION)).toBeDefined();
    expect(recentEnough.page.status).toBe(303);
  });

  it('locks the account after LOGIN_MAX_ATTEMPTS failures counted with /auth/login', async () => {
    const who = await registeredAccount(sut);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect((await postJson(sut, '/auth/login', wrong(who))).status).toBe(401);
    }
    const { page, agent } = await loginPage();

    const locked = await post(agent, page, wrong(who));
    const lockedRight = await post(agent, (await loginPage(agent)).page, who);
    clock.advance(LOCK_SECONDS + 1);
    const later = await signIn(agent, sut, (await loginPage(agent)).page, who);

    expect(locked.status).toBe(429);
    expect(locked.headers.get('content-type')).toMatch(/^text\/html/);
    expect(lockedRight.status).toBe(429);
    expect(agent.cookie('warden_session')).toBeDefined();
    expect(later.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('counts failures on the page against /auth/login too', async () => {
    const who = await registeredAccount(sut);
    const { agent, page: first } = await loginPage();
    let page = first;

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      page = await post(agent, page, wrong(who));
      expect(findForm(page.html, LOGIN_ACTION)).toBeDefined();
    }
    const locked = await postJson(sut, '/auth/login', wrong(who));

    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ code: 'ERR_ACCOUNT_LOCKED' });
  });
});
