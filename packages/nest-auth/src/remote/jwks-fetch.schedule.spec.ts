import { FakeTime, watch } from '../../test/jwks-fakes';
import { backoffDelayMs, JwksFetchSchedule } from './jwks-fetch.schedule';

describe(JwksFetchSchedule.name, () => {
  function setup() {
    const time = new FakeTime();
    let fetches = 0;
    const sut = new JwksFetchSchedule(time, time.now, () => {
      fetches++;
      return Promise.resolve();
    });
    return { sut, time, fetches: () => fetches };
  }

  it('runs one fetch for every caller of one plan, and tells them when it ended', async () => {
    const { sut, time, fetches } = setup();

    const waiters = Array.from({ length: 50 }, () => watch(sut.fetchIn(1000)));
    await time.advance(0.999);
    expect(waiters.every((waiter) => waiter.state === 'pending')).toBe(true);
    await time.advance(0.001);

    expect(waiters.every((waiter) => waiter.state === 'resolved')).toBe(true);
    expect(fetches()).toBe(1);
  });

  it('keeps the earlier of two plans, on a single timer', async () => {
    const { sut, time, fetches } = setup();

    void sut.fetchIn(8000);
    void sut.fetchIn(300);
    void sut.fetchIn(5000);
    expect(time.pendingDelays).toEqual([300]);

    await time.advance(10);
    expect(fetches()).toBe(1);
  });

  it('releases the waiters of a cancelled plan without fetching', async () => {
    const { sut, time, fetches } = setup();
    const waiter = watch(sut.fetchIn(1000));

    sut.cancel();
    await time.advance(0);

    expect(waiter.state).toBe('resolved');
    expect(time.pendingDelays).toEqual([]);
    expect(fetches()).toBe(0);
  });
});

describe(backoffDelayMs.name, () => {
  it('doubles from 1 s and stays at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map(backoffDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});
