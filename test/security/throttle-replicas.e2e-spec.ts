import { DataSource } from 'typeorm';
import { FakeClock } from '../../src/common/fake-clock';
import { ThrottleCountersPurgeJob } from '../../src/throttle/throttle-counters-purge.job';
import { startReplicas, type Replicas } from '../support/replicas';
import { createTestApp, TestApp } from '../support/test-app';
import { badClientToken } from './support/throttle.fixtures';

function remaining(answer: { headers: Headers }): number {
  return Number(answer.headers.get('x-ratelimit-remaining'));
}

/**
 * docs/architecture.md §8: the per-IP limit is one limit for the whole deployment, counted in
 * PostgreSQL by every replica, not THROTTLE_LIMIT per process.
 */
describe('per-IP throttle shared by three replicas', () => {
  const LIMIT = 10;
  const TTL = 3600;
  const REQUESTS = 40;
  let started: Replicas;
  let replicas: TestApp[];

  beforeAll(async () => {
    started = await startReplicas(3, {
      THROTTLE_LIMIT: String(LIMIT),
      THROTTLE_TTL: String(TTL),
    });
    replicas = started.apps;
  });
  afterAll(() => started?.close());

  it('lets exactly THROTTLE_LIMIT requests through in all, round-robin and concurrent', async () => {
    const answers: Array<{ replica: number; status: number; headers: Headers }> = [];
    const fire = async (i: number) => {
      const answer = await badClientToken(replicas[i % 3]);
      answers.push({ replica: i % 3, ...answer });
    };
    // Round-robin one at a time: each replica sees the count the others left.
    for (let i = 0; i < 4; i++) await fire(i);
    expect(answers.map(remaining)).toEqual([9, 8, 7, 6]);
    // The rest at once, spread over the three.
    await Promise.all(Array.from({ length: REQUESTS - 4 }, (_, i) => fire(i + 4)));

    const passed = answers.filter((answer) => answer.status !== 429);
    const refused = answers.filter((answer) => answer.status === 429);
    console.info(
      `three replicas, ${REQUESTS} requests: ${passed.length} through (per replica ` +
        `${[0, 1, 2].map((r) => passed.filter((a) => a.replica === r).length).join('/')}), ` +
        `${refused.length} answered 429`,
    );
    expect(answers).toHaveLength(REQUESTS);
    expect(passed).toHaveLength(LIMIT);
    expect(new Set(passed.map((answer) => answer.status))).toEqual(new Set([401]));
    expect(refused).toHaveLength(REQUESTS - LIMIT);
    for (const { headers } of refused) {
      const retryAfter = Number(headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(TTL);
    }
  });

  it('measures windows with the database clock: once they have passed, every replica counts from 1', async () => {
    expect((await badClientToken(replicas[1])).status).toBe(429);
    // Moving the rows back in time is the database clock moving forward past window and block.
    await replicas[0].app.get(DataSource).query(
      `UPDATE throttle_counters SET expires_at = expires_at - $1 * interval '1 second',
           blocked_until = blocked_until - $1 * interval '1 second'`,
      [2 * TTL],
    );
    const again = [];
    for (const replica of replicas) again.push(await badClientToken(replica));
    expect(again.map((answer) => [answer.status, remaining(answer)])).toEqual([
      [401, 9],
      [401, 8],
      [401, 7],
    ]);
  });
});

/** Window expiry and the purge, with the injected clock the storage then uses instead of now(). */
describe('per-IP throttle windows on an injected clock', () => {
  const LIMIT = 3;
  const TTL = 60;
  let sut: TestApp;
  const clock = new FakeClock(new Date());

  beforeAll(async () => {
    sut = await createTestApp(
      { THROTTLE_LIMIT: String(LIMIT), THROTTLE_TTL: String(TTL) },
      { clock },
    );
  });
  afterAll(() => sut?.close());

  it('blocks for the block duration from the hit past the limit, then starts a fresh window', async () => {
    for (let hit = 1; hit <= LIMIT; hit++) expect((await badClientToken(sut)).status).toBe(401);
    const refused = await badClientToken(sut);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, String(TTL)]);

    clock.advance(TTL - 1);
    const later = await badClientToken(sut);
    expect([later.status, later.headers.get('retry-after')]).toEqual([429, '1']);

    clock.advance(1);
    const fresh = await badClientToken(sut);
    expect([fresh.status, remaining(fresh)]).toEqual([401, LIMIT - 1]);
  });

  it('starts counting again at 1 when a window passes under the limit', async () => {
    clock.advance(TTL);
    await badClientToken(sut);
    expect(remaining(await badClientToken(sut))).toBe(LIMIT - 2);
    clock.advance(TTL - 1);
    expect(remaining(await badClientToken(sut))).toBe(0);
    clock.advance(1);
    expect(remaining(await badClientToken(sut))).toBe(LIMIT - 1);
  });

  it('purges, batch by batch, only the counters whose window and block have ended', async () => {
    const routes = ['/auth/login', '/auth/refresh', '/oauth/introspect', '/oauth/revoke'];
    for (const route of routes) {
      const response = await sut.request(route, { method: 'POST' });
      await response.arrayBuffer();
    }
    const purge = sut.app.get(ThrottleCountersPurgeJob);
    const rows = () =>
      sut.app
        .get(DataSource)
        .query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM throttle_counters');
    expect(await rows()).toEqual([{ count: routes.length + 1 }]);
    expect(await purge.purge(2)).toBe(0);

    clock.advance(TTL);
    expect(await purge.purge(2)).toBe(routes.length + 1);
    expect(await rows()).toEqual([{ count: 0 }]);
  });
});
