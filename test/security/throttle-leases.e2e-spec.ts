import { DataSource } from 'typeorm';
import { startReplicas, type Replicas } from '../support/replicas';
import type { TestApp } from '../support/test-app';
import { badClientToken } from './support/throttle.fixtures';

/**
 * Far below a high per-IP limit, each replica reserves hits of the shared window ahead
 * (ThrottleLeases) and counts most requests without a round trip; the three together still let
 * exactly THROTTLE_LIMIT through, and the reservation shows in the shared count.
 */
describe('per-IP throttle leases across three replicas', () => {
  const LIMIT = 400;
  let started: Replicas;
  let replicas: TestApp[];

  beforeAll(async () => {
    started = await startReplicas(3, { THROTTLE_LIMIT: String(LIMIT), THROTTLE_TTL: '3600' });
    replicas = started.apps;
  });
  afterAll(() => started?.close());

  /** `count` requests spread over the replicas, `concurrency` at a time; their statuses. */
  async function fire(count: number, concurrency = 12): Promise<number[]> {
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const replica = replicas[next++ % replicas.length];
          statuses.push((await badClientToken(replica)).status);
        }
      }),
    );
    return statuses;
  }

  const sharedHits = async (): Promise<number> => {
    const rows = await replicas[0].app
      .get(DataSource)
      .query<{ hits: number }[]>(`SELECT hits FROM throttle_counters WHERE key <> ''`);
    expect(rows).toHaveLength(1);
    return rows[0].hits;
  };

  it('reserves ahead below the limit, then lets exactly THROTTLE_LIMIT through in all', async () => {
    const first = await fire(LIMIT / 2);
    expect(first.every((status) => status === 401)).toBe(true);
    // The replicas hold hits they have not used yet: the shared count is ahead of the requests.
    const reserved = await sharedHits();
    expect(reserved).toBeGreaterThan(LIMIT / 2);
    expect(reserved).toBeLessThanOrEqual(LIMIT);

    const rest = await fire(LIMIT);
    const passed = [...first, ...rest].filter((status) => status === 401).length;
    const refused = rest.filter((status) => status === 429).length;

    expect(passed).toBe(LIMIT);
    expect(refused).toBe(LIMIT / 2);
    expect(await sharedHits()).toBeGreaterThanOrEqual(LIMIT);
  });
});
