import { FakeClock } from '../../src/common/fake-clock';
import { claimsOf, OAuthTestApp, postJson } from '../oauth/oauth.fixtures';
import { totpNear } from '../support/totp';
import { Step, UserAgent } from './agent';
import { alertsOf, findForm } from './html';
import {
  Account,
  authorizationRequest,
  codeOf,
  createOidcApp,
  createOidcClient,
  LOGIN_ACTION,
  MFA_ACTION,
  OidcClient,
  redeem,
  registeredAccount,
} from './oidc.fixtures';

interface Enrolled {
  account: Account;
  secret: string;
  recoveryCodes: string[];
}

/** The hosted second-factor page: no session before the second factor, codes used once. */
describe('OpenID hosted second factor', () => {
  // Step-aligned (2026-01-01T00:00:00Z); each enrolment moves it one step on.
  const clock = new FakeClock();
  let sut: OAuthTestApp;
  let client: OidcClient;

  const code = (user: Enrolled, offset = 0) => totpNear(user.secret, clock.now(), offset);

  async function enrolled(): Promise<Enrolled> {
    const account = await registeredAccount(sut);
    const login = await postJson(sut, '/auth/login', {
      username: account.username,
      password: account.password,
    });
    const bearer = {
      authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}`,
    };
    const started = await postJson(sut, '/auth/mfa/totp', {}, bearer);
    const { secret } = (await started.json()) as { secret: string };
    const confirmed = await postJson(
      sut,
      '/auth/mfa/totp/confirm',
      { code: totpNear(secret, clock.now()) },
      bearer,
    );
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status}`);
    const { recovery_codes } = (await confirmed.json()) as { recovery_codes: string[] };
    clock.advance(30);
    return { account, secret, recoveryCodes: recovery_codes };
  }

  /** The second-factor page after a correct password, in a fresh browser. */
  async function secondFactorPage(user: Enrolled) {
    const agent = new UserAgent(sut.config.jwt.issuer);
    const request = await authorizationRequest(sut, client);
    const login = await agent.open(request.url);
    const page = await agent.submit(login, LOGIN_ACTION, {
      username: user.account.username,
      password: user.account.password,
    });
    return { agent, request, page };
  }

  const silently = async (agent: UserAgent): Promise<Step> =>
    agent.open((await authorizationRequest(sut, client, { prompt: 'none' })).url);

  beforeAll(async () => {
    sut = await createOidcApp({ LOGIN_MAX_ATTEMPTS: '10' }, clock);
    client = await createOidcClient(sut);
  });
  afterAll(() => sut.close());

  it('asks for the code after the password, and starts no session before it', async () => {
    const user = await enrolled();

    const { agent, page } = await secondFactorPage(user);
    const form = findForm(page.html, MFA_ACTION);

    expect(page.status).toBe(200);
    expect(form?.hidden).toMatchObject({
      mfa_token: expect.any(String),
      csrf_token: expect.any(String),
    });
    expect(form?.inputs.map((input) => input.name)).toContain('code');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(agent.cookie('warden_session')).toBeUndefined();
    expect((await silently(agent)).location?.searchParams.get('error')).toBe('login_required');
  });

  it('accepts a TOTP code: the ID token and access token say pwd and otp', async () => {
    const user = await enrolled();
    const { agent, page, request } = await secondFactorPage(user);

    const done = await agent.submit(page, MFA_ACTION, { code: code(user) });

    const authorization = codeOf(sut, done.location as URL, request.state);
    const response = await redeem(sut, client, authorization, request);
    const tokens = (await response.json()) as { id_token: string; access_token: string };
    expect(claimsOf(tokens.id_token).amr).toEqual(expect.arrayContaining(['pwd', 'otp']));
    expect(claimsOf(tokens.access_token).amr).toEqual(expect.arrayContaining(['pwd', 'otp']));
    expect(agent.cookie('warden_session')).toBeDefined();
  });

  it('refuses a wrong code with the page again (401, one alert), and no session', async () => {
    const user = await enrolled();
    const { agent, page } = await secondFactorPage(user);
    const window = [-1, 0, 1].map((offset) => code(user, offset));
    const wrong = ['000000', '111111', '222222'].find((candidate) => !window.includes(candidate));

    const refused = await agent.submit(page, MFA_ACTION, { code: wrong });

    expect(refused.status).toBe(401);
    expect(alertsOf(refused.html)).toHaveLength(1);
    expect(findForm(refused.html, MFA_ACTION)).toBeDefined();
    expect(agent.cookie('warden_session')).toBeUndefined();
  });

  it('refuses a code already used, in another browser too', async () => {
    const user = await enrolled();
    const used = code(user);
    const first = await secondFactorPage(user);
    await first.agent.submit(first.page, MFA_ACTION, { code: used });

    const second = await secondFactorPage(user);
    const replay = await second.agent.submit(second.page, MFA_ACTION, { code: used });

    expect(replay.status).toBe(401);
    expect(second.agent.cookie('warden_session')).toBeUndefined();
  });

  it('accepts a recovery code once', async () => {
    const user = await enrolled();
    const [recovery] = user.recoveryCodes;
    const first = await secondFactorPage(user);
    const second = await secondFactorPage(user);

    const accepted = await first.agent.submit(first.page, MFA_ACTION, { recovery_code: recovery });
    const reused = await second.agent.submit(second.page, MFA_ACTION, { recovery_code: recovery });

    expect(accepted.location?.searchParams.get('code')).toEqual(expect.any(String));
    expect(reused.status).toBe(401);
  });

  it.each([
    ['a tampered mfa_token', (token: string) => ({ mfa_token: `${token.slice(0, -2)}xx` })],
    ['no CSRF token', () => ({ csrf_token: undefined })],
  ])('refuses %s, and starts no session', async (_, change) => {
    const user = await enrolled();
    const { agent, page } = await secondFactorPage(user);
    const token = findForm(page.html, MFA_ACTION)?.hidden.mfa_token ?? '';

    const refused = await agent.submit(page, MFA_ACTION, { code: code(user), ...change(token) });

    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.location).toBeUndefined();
    expect(agent.cookie('warden_session')).toBeUndefined();
  });
});
