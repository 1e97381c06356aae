import { decodeJwt } from 'jose';
import {
  createClient,
  errorOf,
  introspect,
  OAuthClient,
  token,
  tokenOk,
} from '../oauth/oauth.fixtures';
import {
  createMfaWorld,
  enrolledUser,
  EnrolledUser,
  mfaLogin,
  mfaTokenOf,
  MfaWorld,
  passwordLogin,
} from './mfa.fixtures';

const MFA_GRANT = 'urn:warden:params:oauth:grant-type:mfa';
const LOCK_SECONDS = 120;

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** A code of the secret that is certainly not accepted now (none of the ±1 window). */
function wrongCode(world: MfaWorld, secret: string): string {
  const window = [-1, 0, 1].map((offset) => world.code(secret, offset));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!window.includes(candidate)) return candidate;
  }
}

describe('second-factor failures and the account lockout', () => {
  let world: MfaWorld;

  beforeAll(async () => {
    world = await createMfaWorld({
      LOGIN_MAX_ATTEMPTS: '3',
      LOGIN_LOCK_SECONDS: String(LOCK_SECONDS),
      LOGIN_ACCOUNT_MAX_ATTEMPTS: '100',
    });
  });
  afterAll(() => world.sut.close());
  afterEach(() => world.clock.advance(10 * LOCK_SECONDS));

  it('locks the account after LOGIN_MAX_ATTEMPTS wrong codes, with Retry-After', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await mfaTokenOf(world, user.account);
    const bad = wrongCode(world, user.secret);

    const outcomes: Response[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      outcomes.push(await mfaLogin(world, { mfa_token, code: bad }));
    }
    for (const refused of outcomes.slice(0, 2)) {
      expect(refused.status).toBe(401);
      expect(await json(refused)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });
    }
    const last =
      outcomes[2].status === 429 ? outcomes[2] : await mfaLogin(world, { mfa_token, code: bad });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(last)).toMatchObject({ code: 'ERR_ACCOUNT_LOCKED' });

    // Locked means locked: neither the right code nor the right password gets in.
    const rightCode = await mfaLogin(world, { mfa_token, code: world.code(user.secret) });
    expect(rightCode.status).toBe(429);
    expect((await passwordLogin(world, user.account)).status).toBe(429);

    world.clock.advance(LOCK_SECONDS + 1);
    const after = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      code: world.code(user.secret),
    });
    expect(after.status).toBe(200);
  });

  it('counts wrong passwords and wrong codes together', async () => {
    const user = await enrolledUser(world);
    const wrongPassword = await passwordLogin(world, { ...user.account, password: 'wrong pass 1' });
    expect(wrongPassword.status).toBe(401);
    const mfa_token = await mfaTokenOf(world, user.account);
    const bad = wrongCode(world, user.secret);

    expect((await mfaLogin(world, { mfa_token, code: bad })).status).toBe(401);
    const second = await mfaLogin(world, { mfa_token, code: bad });
    const locked = second.status === 429 ? second : await mfaLogin(world, { mfa_token, code: bad });
    expect(locked.status).toBe(429);
    expect(await json(locked)).toMatchObject({ code: 'ERR_ACCOUNT_LOCKED' });
  });
});

describe('mfa_token limits and the OAuth mfa grant', () => {
  let world: MfaWorld;
  let app: OAuthClient;
  let other: OAuthClient;
  let resourceServer: OAuthClient;

  beforeAll(async () => {
    world = await createMfaWorld({ LOGIN_MAX_ATTEMPTS: '20', LOGIN_ACCOUNT_MAX_ATTEMPTS: '100' });
    app = await createClient(world.sut, {
      name: 'app',
      grant_types: ['password', 'refresh_token'],
    });
    other = await createClient(world.sut, { name: 'other', grant_types: ['password'] });
    resourceServer = await createClient(world.sut, { name: 'resource-server' });
  });
  afterAll(() => world.sut.close());

  const passwordGrant = (client: OAuthClient, user: EnrolledUser) =>
    token(world.sut, client, {
      grant_type: 'password',
      username: user.account.username,
      password: user.account.password,
    });

  async function oauthMfaToken(client: OAuthClient, user: EnrolledUser): Promise<string> {
    const response = await passwordGrant(client, user);
    expect(response.status).toBe(403);
    return (await json(response)).mfa_token as string;
  }

  it('spends an mfa_token after 5 wrong codes', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await mfaTokenOf(world, user.account);
    const bad = wrongCode(world, user.secret);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const refused = await mfaLogin(world, { mfa_token, code: bad });
      expect({ attempt, status: refused.status }).toEqual({ attempt, status: 401 });
    }
    const spent = await mfaLogin(world, { mfa_token, code: world.code(user.secret) });
    expect(spent.status).toBe(401);
    expect(await json(spent)).toMatchObject({ code: 'ERR_MFA_TOKEN_INVALID' });

    const fresh = await mfaTokenOf(world, user.account);
    expect(
      (await mfaLogin(world, { mfa_token: fresh, code: world.code(user.secret) })).status,
    ).toBe(200);
    world.nextStep();
  });

  it('answers the password grant of an enrolled user with 403 mfa_required', async () => {
    const user = await enrolledUser(world);
    const response = await passwordGrant(app, user);

    expect(response.status).toBe(403);
    const body = await json(response);
    expect(body).toMatchObject({
      error: 'mfa_required',
      error_description: expect.any(String),
      mfa_token: expect.any(String),
      expires_in: 300,
    });
    expect(body).not.toHaveProperty('access_token');
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('finishes with the mfa grant; a wrong otp is invalid_grant', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await oauthMfaToken(app, user);

    const wrong = await token(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token,
      otp: wrongCode(world, user.secret),
    });
    expect(await errorOf(wrong)).toEqual({ status: 400, error: 'invalid_grant' });

    const granted = await tokenOk(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token,
      otp: world.code(user.secret),
    });
    expect(granted).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    expect(decodeJwt(granted.access_token)).toMatchObject({
      sub: user.account.id,
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
    });

    world.nextStep();
    const reused = await token(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token,
      otp: world.code(user.secret),
    });
    expect(await errorOf(reused)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('refuses an expired OAuth mfa_token with invalid_grant', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await oauthMfaToken(app, user);
    world.clock.advance(301);
    const expired = await token(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token,
      otp: world.code(user.secret),
    });
    expect(await errorOf(expired)).toEqual({ status: 400, error: 'invalid_grant' });
    world.nextStep();
  });

  it('finishes with a recovery code too', async () => {
    const user = await enrolledUser(world);
    const granted = await tokenOk(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token: await oauthMfaToken(app, user),
      recovery_code: user.recoveryCodes[0],
    });
    expect(decodeJwt(granted.access_token)).toMatchObject({ amr: ['pwd', 'mfa'] });
  });

  it('binds an mfa_token to the client (or the first-party login) it was issued to', async () => {
    const user = await enrolledUser(world);
    const code = world.code(user.secret);

    const atLogin = await mfaLogin(world, { mfa_token: await oauthMfaToken(app, user), code });
    expect(atLogin.status).toBe(401);
    expect(await json(atLogin)).toMatchObject({ code: 'ERR_MFA_TOKEN_INVALID' });

    const firstParty = await mfaTokenOf(world, user.account);
    const viaOAuth = await token(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token: firstParty,
      otp: code,
    });
    expect(await errorOf(viaOAuth)).toEqual({ status: 400, error: 'invalid_grant' });

    const otherClient = await token(world.sut, other, {
      grant_type: MFA_GRANT,
      mfa_token: await oauthMfaToken(app, user),
      otp: code,
    });
    expect(await errorOf(otherClient)).toEqual({ status: 400, error: 'invalid_grant' });

    // None of the refused attempts used the code up (a misplaced token may be spent, though).
    const fresh = await mfaTokenOf(world, user.account);
    expect((await mfaLogin(world, { mfa_token: fresh, code })).status).toBe(200);
    world.nextStep();
  });

  it('introspects amr, acr and auth_time, and keeps them across an OAuth refresh', async () => {
    const user = await enrolledUser(world);
    const granted = await tokenOk(world.sut, app, {
      grant_type: MFA_GRANT,
      mfa_token: await oauthMfaToken(app, user),
      otp: world.code(user.secret),
    });
    const authTime = Math.floor(world.clock.now().getTime() / 1000);
    world.nextStep();

    expect(await introspect(world.sut, resourceServer, granted.access_token)).toMatchObject({
      active: true,
      sub: user.account.id,
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
      auth_time: authTime,
    });

    world.clock.advance(60);
    const refreshed = await tokenOk(world.sut, app, {
      grant_type: 'refresh_token',
      refresh_token: granted.refresh_token as string,
    });
    expect(decodeJwt(refreshed.access_token)).toMatchObject({
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
      auth_time: authTime,
    });
    expect(await introspect(world.sut, resourceServer, refreshed.access_token)).toMatchObject({
      active: true,
      amr: ['pwd', 'otp'],
      auth_time: authTime,
    });
  });
});
