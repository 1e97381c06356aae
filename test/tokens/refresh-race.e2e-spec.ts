import { FakeClock } from '../../src/common/fake-clock';
import { createTestApp, TestApp } from '../support/test-app';
import { bodyOf, loginOk, me, refresh, registeredAccount, SESSION_ENV } from './session.fixtures';

/**
 * REFRESH_REUSE_GRACE: a client racing itself (two tabs, a retry after a lost response) must
 * not lose its session, while a spent token presented later is still reuse (RFC 9700 §4.14.2).
 */
describe('refresh races', () => {
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 12, 0, 0));
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ ...SESSION_ENV, REFRESH_REUSE_GRACE: '2' }, { clock });
  });
  afterAll(() => sut.close());

  it.each([2, 8])(
    '%i concurrent refreshes of one token: one wins and its new pair stays valid',
    async (n) => {
      const pair = await loginOk(sut, await registeredAccount(sut));

      const responses = await Promise.all(
        Array.from({ length: n }, () => refresh(sut, pair.refresh_token)),
      );

      const winners = responses.filter((response) => response.status === 200);
      const losers = responses.filter((response) => response.status !== 200);
      expect(winners).toHaveLength(1);
      expect(losers.map((response) => response.status)).toEqual(Array(n - 1).fill(401));
      for (const loser of losers) {
        expect(await bodyOf(loser)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_INVALID' });
      }
      const next = (await winners[0].json()) as { access_token: string; refresh_token: string };
      expect((await me(sut, next.access_token)).status).toBe(200);
      expect((await refresh(sut, next.refresh_token)).status).toBe(200);
    },
  );

  it('a duplicate just inside the grace is refused and ends nothing', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));
    const next = (await (await refresh(sut, pair.refresh_token)).json()) as {
      access_token: string;
      refresh_token: string;
    };

    clock.advance(1.9);
    const duplicate = await refresh(sut, pair.refresh_token);

    expect(duplicate.status).toBe(401);
    expect(await bodyOf(duplicate)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_INVALID' });
    expect((await me(sut, next.access_token)).status).toBe(200);
    expect((await refresh(sut, next.refresh_token)).status).toBe(200);
  });

  it('after the grace a spent token is reuse: the whole family is revoked', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));
    const next = (await (await refresh(sut, pair.refresh_token)).json()) as {
      access_token: string;
      refresh_token: string;
    };

    clock.advance(2);
    const reuse = await refresh(sut, pair.refresh_token);

    expect(reuse.status).toBe(401);
    expect(await bodyOf(reuse)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_REUSED' });
    expect((await me(sut, next.access_token)).status).toBe(401);
    expect((await refresh(sut, next.refresh_token)).status).toBe(401);
  });

  it('a duplicate inside the grace after the family was revoked is still reuse', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));
    await refresh(sut, pair.refresh_token);
    clock.advance(3);
    expect(await bodyOf(await refresh(sut, pair.refresh_token))).toMatchObject({
      code: 'ERR_REFRESH_TOKEN_REUSED',
    });

    const again = await refresh(sut, pair.refresh_token);

    expect(await bodyOf(again)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_REUSED' });
  });
});
