import { decodeJwt } from 'jose';
import { createClient, tokenOk } from '../oauth/oauth.fixtures';
import { me, registeredAccount } from '../tokens/session.fixtures';
import { base32Decode } from '../support/totp';
import {
  bearer,
  confirmTotp,
  createMfaWorld,
  disableTotp,
  enrolledUser,
  Enrolment,
  fullLogin,
  MfaWorld,
  query,
  sessionOf,
  startTotp,
} from './mfa.fixtures';

const RECOVERY_CODE = /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/;

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** POST/DELETE /auth/mfa/totp and its confirmation, as the account owner and as others. */
describe('TOTP enrolment', () => {
  let world: MfaWorld;

  beforeAll(async () => {
    // Lockout is covered in lockout-oauth.e2e-spec; here wrong codes must not lock anyone.
    world = await createMfaWorld({ LOGIN_MAX_ATTEMPTS: '100', LOGIN_ACCOUNT_MAX_ATTEMPTS: '100' });
  });
  afterAll(() => world.sut.close());

  it('starts an enrolment: base32 secret, RFC-style otpauth URI and an SVG QR code', async () => {
    const who = await registeredAccount(world.sut);
    const response = await startTotp(world, await sessionOf(world, who));

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = (await response.json()) as Enrolment;
    expect(body.secret).toMatch(/^[A-Z2-7]+=*$/);
    // RFC 4226 §4 R6: at least 128 bits of shared secret.
    expect(base32Decode(body.secret).length).toBeGreaterThanOrEqual(16);
    const uri = new URL(body.otpauth_uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname.slice(1))).toBe(`Warden:${who.username}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: body.secret,
      issuer: 'Warden',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    const prefix = 'data:image/svg+xml;base64,';
    expect(body.qr_code.startsWith(prefix)).toBe(true);
    expect(Buffer.from(body.qr_code.slice(prefix.length), 'base64').toString('utf8')).toContain(
      '<svg',
    );
  });

  it('starting again replaces the secret: the old one no longer confirms', async () => {
    const token = await sessionOf(world, await registeredAccount(world.sut));
    const first = (await (await startTotp(world, token)).json()) as Enrolment;
    const second = (await (await startTotp(world, token)).json()) as Enrolment;
    expect(second.secret).not.toBe(first.secret);

    const stale = await confirmTotp(world, token, world.code(first.secret));
    expect(stale.status).toBe(401);
    expect(await json(stale)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });

    expect((await confirmTotp(world, token, world.code(second.secret))).status).toBe(200);
    world.nextStep();
  });

  it('confirms with ten distinct recovery codes, then refuses a second enrolment', async () => {
    const token = await sessionOf(world, await registeredAccount(world.sut));
    const { secret } = (await (await startTotp(world, token)).json()) as Enrolment;

    const confirmed = await confirmTotp(world, token, world.code(secret));
    expect(confirmed.status).toBe(200);
    const { recovery_codes } = (await confirmed.json()) as { recovery_codes: string[] };
    expect(recovery_codes).toHaveLength(10);
    expect(new Set(recovery_codes).size).toBe(10);
    for (const code of recovery_codes) expect(code).toMatch(RECOVERY_CODE);

    world.nextStep();
    const again = await confirmTotp(world, token, world.code(secret));
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'ERR_MFA_ALREADY_ENABLED' });
    const restart = await startTotp(world, token);
    expect(restart.status).toBe(409);
    expect(await json(restart)).toMatchObject({ code: 'ERR_MFA_ALREADY_ENABLED' });
  });

  it('refuses to confirm when nothing was started', async () => {
    const token = await sessionOf(world, await registeredAccount(world.sut));
    const response = await confirmTotp(world, token, '123456');
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ code: 'ERR_MFA_NOT_STARTED' });
  });

  it('turns the factor off with the password and a current code', async () => {
    const user = await enrolledUser(world);
    const { access_token } = await fullLogin(world, user);
    const code = world.code(user.secret);

    const wrongPassword = await disableTotp(world, access_token, {
      password: 'nope nope 12',
      code,
    });
    expect(wrongPassword.status).toBe(401);
    expect(await json(wrongPassword)).toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' });
    const wrongCode = await disableTotp(world, access_token, {
      password: user.account.password,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrongCode.status).toBe(401);
    expect(await json(wrongCode)).toMatchObject({ code: 'ERR_INVALID_MFA_CODE' });

    const off = await disableTotp(world, access_token, { password: user.account.password, code });
    expect(off.status).toBe(204);
    expect(decodeJwt(await sessionOf(world, user.account))).toMatchObject({ amr: ['pwd'] });

    world.nextStep();
    const twice = await disableTotp(world, access_token, {
      password: user.account.password,
      code: world.code(user.secret),
    });
    expect(twice.status).toBe(409);
    expect(await json(twice)).toMatchObject({ code: 'ERR_MFA_NOT_ENABLED' });
  });

  it('refuses a service token', async () => {
    await world.freshAdmin();
    const client = await createClient(world.sut, { name: 'svc' });
    const { access_token } = await tokenOk(world.sut, client, { grant_type: 'client_credentials' });
    for (const path of ['/auth/mfa/totp', '/auth/mfa/totp/confirm']) {
      const response = await world.sut.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(access_token) },
        body: JSON.stringify(path.endsWith('confirm') ? { code: '123456' } : {}),
      });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(await json(response)).toMatchObject({ code: 'ERR_USER_TOKEN_REQUIRED' });
    }
  });

  it('never shows or stores the secret or recovery codes in the clear', async () => {
    const user = await enrolledUser(world);
    const { access_token } = await fullLogin(world, user);

    const profile = await me(world.sut, access_token);
    expect(profile.status).toBe(200);
    const text = await profile.text();
    expect(JSON.parse(text)).toMatchObject({ id: user.account.id, mfaEnabled: true });
    expect(text).not.toContain(user.secret);

    const [row] = await query<{ secret_enc: Buffer }>(
      world.sut.databaseUrl,
      'SELECT secret_enc FROM mfa_totp WHERE user_id = $1',
      [user.account.id],
    );
    expect(row.secret_enc.includes(base32Decode(user.secret))).toBe(false);
    expect(row.secret_enc.toString('latin1')).not.toContain(user.secret);
    const hashes = await query<{ code_hash: Buffer }>(
      world.sut.databaseUrl,
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [user.account.id],
    );
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      const stored = code_hash.toString('latin1');
      for (const code of user.recoveryCodes) {
        expect(stored).not.toContain(code.replace(/-/g, ''));
      }
    }
  });
});
