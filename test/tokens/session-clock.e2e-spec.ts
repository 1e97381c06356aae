import { FakeClock } from '../../src/common/fake-clock';
import { TokenPurgeJob } from '../../src/tokens/token-purge.job';
import { createTestApp, TestApp } from '../support/test-app';
import {
  authedPost,
  bodyOf,
  login,
  loginOk,
  me,
  refresh,
  registeredAccount,
  SESSION_ENV,
  TokenPair,
} from './session.fixtures';

function claimsOf(accessToken: string): { exp: number; iat: number } {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as {
    exp: number;
    iat: number;
  };
}

describe('/auth sessions over time', () => {
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 12, 0, 0, 250));
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp(
      {
        ...SESSION_ENV,
        LOGIN_MAX_ATTEMPTS: '3',
        LOGIN_LOCK_SECONDS: '60',
        REFRESH_TOKEN_TTL: '3600',
      },
      { clock },
    );
  });
  afterAll(() => sut.close());

  it('locks an account after N failed logins (429, Retry-After) and lifts it after the lock time', async () => {
    const who = await registeredAccount(sut);
    const wrong = { username: who.username, password: 'not the password' };

    expect((await login(sut, wrong)).status).toBe(401);
    expect((await login(sut, wrong)).status).toBe(401);
    const locking = await login(sut, wrong);
    const locked = await login(sut, { username: who.username, password: who.password });

    expect(locking.status).toBe(429);
    expect(locked.status).toBe(429);
    expect(await bodyOf(locked)).toMatchObject({ code: 'ERR_ACCOUNT_LOCKED' });
    expect(Number(locked.headers.get('retry-after'))).toBe(60);

    clock.advance(61);
    expect((await login(sut, { username: who.username, password: who.password })).status).toBe(200);
  });

  it('gives refreshed access tokens strictly later exps within one second', async () => {
    let pair = await loginOk(sut, await registeredAccount(sut));
    const exps = [claimsOf(pair.access_token).exp];

    for (let i = 0; i < 3; i += 1) {
      const response = await refresh(sut, pair.refresh_token);
      expect(response.status).toBe(200);
      pair = (await response.json()) as TokenPair;
      exps.push(claimsOf(pair.access_token).exp);
      expect((await me(sut, pair.access_token)).status).toBe(200);
    }

    for (let i = 1; i < exps.length; i += 1) expect(exps[i]).toBeGreaterThan(exps[i - 1]);
  });

  it('never extends a family past REFRESH_TOKEN_TTL from its first login', async () => {
    let pair = await loginOk(sut, await registeredAccount(sut));

    for (let i = 0; i < 3; i += 1) {
      clock.advance(1000);
      const response = await refresh(sut, pair.refresh_token);
      expect(response.status).toBe(200);
      pair = (await response.json()) as TokenPair;
    }
    clock.advance(601); // 3601 s after the login

    const expired = await refresh(sut, pair.refresh_token);
    expect(expired.status).toBe(401);
    expect(await bodyOf(expired)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_INVALID' });
  });

  it('expires access tokens after ACCESS_TOKEN_TTL', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));

    clock.advance(sut.config.jwt.accessTokenTtl + sut.config.jwt.clockTolerance);

    expect((await me(sut, pair.access_token)).status).toBe(401);
  });

  it('refuses tokens issued in the second of a password change, but not a login right after it', async () => {
    const who = await registeredAccount(sut);
    const before = await loginOk(sut, who);
    const newPassword = `${who.password} v2`;

    const change = await authedPost(sut, '/auth/password', before.access_token, {
      currentPassword: who.password,
      newPassword,
    });
    const after = await loginOk(sut, { ...who, password: newPassword });

    expect(change.status).toBe(204);
    expect(claimsOf(after.access_token).iat).toBe(claimsOf(before.access_token).iat + 1);
    expect((await me(sut, before.access_token)).status).toBe(401);
    expect((await me(sut, after.access_token)).status).toBe(200);
  });

  it('purges denylist rows of expired tokens and refresh tokens of expired families', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));
    expect((await authedPost(sut, '/auth/logout', pair.access_token)).status).toBe(200);
    const job = sut.app.get(TokenPurgeJob);

    clock.advance(sut.config.jwt.refreshTokenTtl + 1);
    const purged = await job.purge();

    expect(purged.revoked).toBeGreaterThanOrEqual(1);
    expect(purged.refresh).toBeGreaterThanOrEqual(1);
    expect(await job.purge()).toEqual({ revoked: 0, refresh: 0 });
  });
});
