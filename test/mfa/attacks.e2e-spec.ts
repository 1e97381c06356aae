import { decodeJwt } from 'jose';
import {
  ACCESS_TOKEN_TYPE,
  createClient,
  OAuthClient,
  TOKEN_EXCHANGE,
  tokenOk,
} from '../oauth/oauth.fixtures';
import { me, registeredAccount } from '../tokens/session.fixtures';
import {
  bearer,
  createMfaWorld,
  disableTotp,
  enrolledUser,
  enrolWith,
  fullLogin,
  mfaLogin,
  mfaTokenOf,
  MfaWorld,
  sessionOf,
} from './mfa.fixtures';

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** What an attacker holding the password, a stolen code or a stolen recovery code might try. */
describe('second factor under attack', () => {
  let world: MfaWorld;
  let gateway: OAuthClient;

  beforeAll(async () => {
    world = await createMfaWorld({ LOGIN_MAX_ATTEMPTS: '100', LOGIN_ACCOUNT_MAX_ATTEMPTS: '100' });
    gateway = await createClient(world.sut, { name: 'gateway' });
  });
  afterAll(() => world.sut.close());

  it('lets one code win a race of parallel logins', async () => {
    const user = await enrolledUser(world);
    const tokens = await Promise.all(
      Array.from({ length: 6 }, () => mfaTokenOf(world, user.account)),
    );
    const code = world.code(user.secret);

    const outcomes = await Promise.all(
      tokens.map((mfa_token) => mfaLogin(world, { mfa_token, code })),
    );
    const statuses = outcomes.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401]);
    world.nextStep();
  });

  it('lets one mfa_token win a race, even with different good codes', async () => {
    const user = await enrolledUser(world);
    world.clock.advance(300);
    const mfa_token = await mfaTokenOf(world, user.account);

    const outcomes = await Promise.all(
      [-1, 0, 1, 0, -1].map((offset) =>
        mfaLogin(world, { mfa_token, code: world.code(user.secret, offset) }),
      ),
    );
    expect(outcomes.filter((response) => response.status === 200)).toHaveLength(1);
    world.clock.advance(90);
  });

  it('lets one recovery code win a race', async () => {
    const user = await enrolledUser(world);
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => mfaTokenOf(world, user.account)),
    );
    const outcomes = await Promise.all(
      tokens.map((mfa_token) =>
        mfaLogin(world, { mfa_token, recovery_code: user.recoveryCodes[1] }),
      ),
    );
    const winners = outcomes.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    expect(await json(winners[0])).toMatchObject({ recovery_codes_remaining: 9 });
  });

  it('does not take an mfa_token as a bearer token', async () => {
    const user = await enrolledUser(world);
    const response = await me(world.sut, await mfaTokenOf(world, user.account));
    expect(response.status).toBe(401);
  });

  it("does not let one user finish with their code on another user's mfa_token", async () => {
    const victim = await enrolledUser(world);
    const attacker = await enrolledUser(world);
    const response = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, victim.account),
      code: world.code(attacker.secret),
    });
    expect(response.status).toBe(401);
    expect(await json(response)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });
  });

  it('forgets the old secret and recovery codes once the factor is off and on again', async () => {
    const user = await enrolledUser(world);
    const { access_token } = await fullLogin(world, user);
    const off = await disableTotp(world, access_token, {
      password: user.account.password,
      code: world.code(user.secret),
    });
    expect(off.status).toBe(204);
    world.nextStep();

    const again = await enrolWith(world, await sessionOf(world, user.account));
    expect(again.secret).not.toBe(user.secret);
    expect(again.recoveryCodes.some((code) => user.recoveryCodes.includes(code))).toBe(false);

    const oldRecovery = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      recovery_code: user.recoveryCodes[0],
    });
    expect(oldRecovery.status).toBe(401);
    const oldSecret = world.code(user.secret);
    if (oldSecret !== world.code(again.secret)) {
      const refused = await mfaLogin(world, {
        mfa_token: await mfaTokenOf(world, user.account),
        code: oldSecret,
      });
      expect(refused.status).toBe(401);
    }
    const fresh = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      code: world.code(again.secret),
    });
    expect(fresh.status).toBe(200);
    world.nextStep();
  });

  it('copies amr, acr and auth_time into a delegated token (RFC 8693)', async () => {
    const user = await enrolledUser(world);
    const { access_token } = await fullLogin(world, user);
    const subject = decodeJwt(access_token);
    world.clock.advance(20);
    await world.freshAdmin();

    const delegated = await tokenOk(world.sut, gateway, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: access_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    expect(decodeJwt(delegated.access_token)).toMatchObject({
      sub: user.account.id,
      token_use: 'delegated',
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
      auth_time: subject.auth_time,
    });

    const plain = await tokenOk(world.sut, gateway, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: await sessionOf(world, await registeredAccount(world.sut)),
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    expect(decodeJwt(plain.access_token)).toMatchObject({
      amr: ['pwd'],
      acr: 'urn:warden:acr:pwd',
    });
  });

  it('refuses to enrol with a delegated token', async () => {
    const user = await registeredAccount(world.sut);
    const delegated = await tokenOk(world.sut, gateway, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: await sessionOf(world, user),
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    const response = await world.sut.request('/auth/mfa/totp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(delegated.access_token) },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await json(response)).toMatchObject({ code: 'ERR_USER_TOKEN_REQUIRED' });
  });
});
