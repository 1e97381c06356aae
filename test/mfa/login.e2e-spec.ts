import { decodeJwt } from 'jose';
import { refresh, registeredAccount } from '../tokens/session.fixtures';
import {
  createMfaWorld,
  enrolledUser,
  fullLogin,
  mfaLogin,
  mfaTokenOf,
  MfaWorld,
  passwordLogin,
  sessionOf,
} from './mfa.fixtures';

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** POST /auth/login and /auth/login/mfa for an enrolled user; the claims of the tokens. */
describe('two-step login', () => {
  let world: MfaWorld;
  const seconds = () => Math.floor(world.clock.now().getTime() / 1000);

  beforeAll(async () => {
    // Lockout is covered in lockout-oauth.e2e-spec; here wrong codes must not lock anyone.
    world = await createMfaWorld({ LOGIN_MAX_ATTEMPTS: '100', LOGIN_ACCOUNT_MAX_ATTEMPTS: '100' });
  });
  afterAll(() => world.sut.close());

  it('asks an enrolled user for the second factor instead of issuing tokens', async () => {
    const user = await enrolledUser(world);

    const response = await passwordLogin(world, user.account);
    expect(response.status).toBe(401);
    const body = await json(response);
    expect(body).toMatchObject({
      statusCode: 401,
      error: 'mfa_required',
      code: 'ERR_MFA_REQUIRED',
      message: expect.any(String),
      mfa_token: expect.any(String),
      expires_in: 300,
    });
    expect(body).not.toHaveProperty('access_token');
    expect(body).not.toHaveProperty('refresh_token');

    const wrong = await passwordLogin(world, { ...user.account, password: 'not the password 1' });
    expect(wrong.status).toBe(401);
    const wrongBody = await json(wrong);
    expect(wrongBody).toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' });
    expect(wrongBody).not.toHaveProperty('mfa_token');
  });

  it('issues tokens with amr ["pwd","otp"] and the MFA acr; password-only stays "pwd"', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await mfaTokenOf(world, user.account);
    world.clock.advance(7);

    const response = await mfaLogin(world, { mfa_token, code: world.code(user.secret) });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      refresh_token: expect.any(String),
      user: { id: user.account.id, username: user.account.username },
    });
    expect(body).not.toHaveProperty('recovery_codes_remaining');
    expect(decodeJwt(body.access_token as string)).toMatchObject({
      sub: user.account.id,
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
      auth_time: seconds(),
    });

    const plain = decodeJwt(await sessionOf(world, await registeredAccount(world.sut)));
    expect(plain).toMatchObject({ amr: ['pwd'], acr: 'urn:warden:acr:pwd', auth_time: seconds() });
  });

  it('uses an mfa_token once, and a code once', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await mfaTokenOf(world, user.account);
    const code = world.code(user.secret);
    expect((await mfaLogin(world, { mfa_token, code })).status).toBe(200);

    const reused = await mfaLogin(world, { mfa_token, code });
    expect(reused.status).toBe(401);
    expect(await json(reused)).toMatchObject({ code: 'ERR_MFA_TOKEN_INVALID' });

    const replayed = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      code,
    });
    expect(replayed.status).toBe(401);
    expect(await json(replayed)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });

    world.clock.advance(30);
    const next = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      code: world.code(user.secret),
    });
    expect(next.status).toBe(200);
    world.nextStep();
  });

  it('accepts the neighbouring steps only, and never a step at or before the last used', async () => {
    const user = await enrolledUser(world);
    world.clock.advance(600); // far from the confirming step
    const attempt = async (offset: number) =>
      mfaLogin(world, {
        mfa_token: await mfaTokenOf(world, user.account),
        code: world.code(user.secret, offset),
      });

    for (const offset of [-2, 2]) {
      const refused = await attempt(offset);
      expect({ offset, status: refused.status }).toEqual({ offset, status: 401 });
      expect(await json(refused)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });
    }
    expect((await attempt(-1)).status).toBe(200);
    expect((await attempt(1)).status).toBe(200);
    // Step +1 was used: the current step is now an earlier one.
    const earlier = await attempt(0);
    expect(earlier.status).toBe(401);
    expect(await json(earlier)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });
    world.clock.advance(90);
  });

  it('expires an mfa_token after 300 s', async () => {
    const user = await enrolledUser(world);
    const fresh = await mfaTokenOf(world, user.account);
    const old = await mfaTokenOf(world, user.account);
    world.clock.advance(299);
    expect(
      (await mfaLogin(world, { mfa_token: fresh, code: world.code(user.secret) })).status,
    ).toBe(200);
    world.clock.advance(32);
    const expired = await mfaLogin(world, { mfa_token: old, code: world.code(user.secret) });
    expect(expired.status).toBe(401);
    expect(await json(expired)).toMatchObject({ code: 'ERR_MFA_TOKEN_INVALID' });
    world.nextStep();
  });

  it('wants exactly one of code and recovery_code, and a known mfa_token', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await mfaTokenOf(world, user.account);
    const code = world.code(user.secret);

    const both = await mfaLogin(world, { mfa_token, code, recovery_code: user.recoveryCodes[0] });
    expect(both.status).toBe(400);
    expect(await json(both)).toMatchObject({ code: 'ERR_VALIDATION' });
    const neither = await mfaLogin(world, { mfa_token });
    expect(neither.status).toBe(400);
    expect(await json(neither)).toMatchObject({ code: 'ERR_VALIDATION' });
    const unknown = await mfaLogin(world, { mfa_token: `${mfa_token}x`, code });
    expect(unknown.status).toBe(401);
    expect(await json(unknown)).toMatchObject({ code: 'ERR_MFA_TOKEN_INVALID' });
    // The refused bodies did not spend the token.
    expect((await mfaLogin(world, { mfa_token, code })).status).toBe(200);
    world.nextStep();
  });

  it('signs in with a recovery code once, in any case and without dashes', async () => {
    const user = await enrolledUser(world);
    const recovery_code = user.recoveryCodes[3].replace(/-/g, '').toLowerCase();

    const response = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      recovery_code,
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ recovery_codes_remaining: 9, refresh_token: expect.any(String) });
    expect(decodeJwt(body.access_token as string)).toMatchObject({
      amr: ['pwd', 'mfa'],
      acr: 'urn:warden:acr:mfa',
    });

    const again = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      recovery_code: user.recoveryCodes[3],
    });
    expect(again.status).toBe(401);
    expect(await json(again)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });

    const another = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      recovery_code: user.recoveryCodes[7],
    });
    expect(await json(another)).toMatchObject({ recovery_codes_remaining: 8 });
  });

  it('keeps amr, acr and auth_time across a refresh', async () => {
    const user = await enrolledUser(world);
    const tokens = await fullLogin(world, user);
    const original = decodeJwt(tokens.access_token);
    world.clock.advance(60);

    const refreshed = await refresh(world.sut, tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const next = decodeJwt(((await refreshed.json()) as { access_token: string }).access_token);
    expect(next.iat).toBeGreaterThan(original.iat as number);
    expect(next).toMatchObject({ amr: ['pwd', 'otp'], acr: 'urn:warden:acr:mfa' });
    expect(next.auth_time).toBe(original.auth_time);
  });
});
