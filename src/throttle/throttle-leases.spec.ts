import { GrantedCount, leaseSize, MAX_LEASE, ThrottleLeases } from './throttle-leases';
import type { ThrottleWindow } from './throttle-window';

/**
 * A shared store of one key, as throttle_counters' upsert behaves: `take` hits are added only
 * when all of them fit under the limit, one otherwise; past the limit the key is blocked.
 */
class SharedCount {
  hits = 0;
  calls: number[] = [];
  constructor(
    private readonly window: ThrottleWindow,
    private readonly clock: { ms: number },
    private windowEnd = clock.ms + window.ttlMs,
  ) {}

  take = (take: number): Promise<GrantedCount> => {
    this.calls.push(take);
    if (this.clock.ms >= this.windowEnd) {
      this.hits = 0;
      this.windowEnd = this.clock.ms + this.window.ttlMs;
    }
    const blocked = this.hits >= this.window.limit;
    const granted = blocked ? 0 : this.hits + take <= this.window.limit ? take : 1;
    this.hits += blocked ? 1 : granted;
    return Promise.resolve({
      hits: this.hits,
      granted,
      windowEnd: this.windowEnd,
      msToExpire: this.windowEnd - this.clock.ms,
      msToUnblock: this.hits > this.window.limit ? this.windowEnd - this.clock.ms : null,
    });
  };
}

function world(limit: number, ttlMs = 60_000) {
  const clock = { ms: 1_000_000 };
  const window = { limit, ttlMs, blockMs: 0 };
  return {
    clock,
    window,
    leases: new ThrottleLeases(() => clock.ms),
    store: new SharedCount(window, clock),
  };
}

const allowed = (hits: Array<{ hits: number }>, limit: number) =>
  hits.filter((count) => count.hits <= limit).length;

describe(ThrottleLeases.name, () => {
  it('sizes a lease by what the window has left, between 1 and MAX_LEASE', () => {
    expect(leaseSize(30, 0)).toBe(1);
    expect(leaseSize(100, 60)).toBe(2);
    expect(leaseSize(1_000_000, 0)).toBe(MAX_LEASE);
    expect(leaseSize(100, 100)).toBe(1);
  });

  it('counts every request in the store, one by one, under the default limit', async () => {
    const { window, leases, store } = world(30);
    const counts = [];
    for (let i = 0; i < 40; i++) counts.push(await leases.hit('k', window, store.take));

    expect(store.calls).toEqual(Array.from({ length: 40 }, () => 1));
    expect(leases.size).toBe(0);
    expect(counts.map((count) => count.hits).slice(0, 3)).toEqual([1, 2, 3]);
    expect(allowed(counts, 30)).toBe(30);
  });

  it('far below a high limit, serves most hits from a lease, and never lets more through', async () => {
    const { window, leases, store } = world(10_000);
    const counts = [];
    for (let i = 0; i < 10_000; i++) counts.push(await leases.hit('k', window, store.take));
    const roundTrips = store.calls.length;
    for (let i = 0; i < 2_000; i++) counts.push(await leases.hit('k', window, store.take));

    // The first hit learns the count; then leases of MAX_LEASE, shrinking near the limit.
    expect(store.calls.slice(0, 3)).toEqual([1, MAX_LEASE, MAX_LEASE]);
    expect(roundTrips).toBeLessThan(10_000 / 20);
    expect(counts.slice(0, 200).map((count) => count.hits)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(allowed(counts, 10_000)).toBe(10_000);
    expect(store.hits).toBeGreaterThan(10_000);
  });

  it('lets exactly the limit through across replicas that each keep drawing', async () => {
    const clock = { ms: 0 };
    const window = { limit: 500, ttlMs: 60_000, blockMs: 0 };
    const store = new SharedCount(window, clock);
    const replicas = [0, 1, 2].map(() => new ThrottleLeases(() => clock.ms));
    const counts = [];
    for (let i = 0; i < 900; i++) counts.push(await replicas[i % 3].hit('k', window, store.take));

    expect(allowed(counts, 500)).toBe(500);
  });

  it('drops a lease when its window ends, and starts the next window with one hit', async () => {
    const { clock, window, leases, store } = world(10_000, 1_000);
    await leases.hit('k', window, store.take);
    await leases.hit('k', window, store.take); // takes a lease
    const local = await leases.hit('k', window, store.take);
    expect(store.calls).toEqual([1, MAX_LEASE]);
    expect(local).toMatchObject({ hits: 3, msToUnblock: null });

    clock.ms += 1_000;
    const fresh = await leases.hit('k', window, store.take);

    expect(store.calls).toEqual([1, MAX_LEASE, 1]);
    expect(fresh.hits).toBe(1);
  });

  it('keeps a lease apart per limit and window, and remembers a bounded number of keys', async () => {
    const clock = { ms: 0 };
    const leases = new ThrottleLeases(() => clock.ms, 2);
    const window = { limit: 10_000, ttlMs: 60_000, blockMs: 0 };
    const stores = ['a', 'b', 'c'].map(() => new SharedCount(window, clock));
    for (const [i, key] of ['a', 'b', 'c'].entries()) {
      await leases.hit(key, window, stores[i].take);
      await leases.hit(key, window, stores[i].take);
    }
    expect(leases.size).toBe(2);

    const other = { ...window, limit: 20_000 };
    const store = new SharedCount(other, clock);
    await leases.hit('c', other, store.take);
    expect(store.calls).toEqual([1]);
  });

  it('merges the leases of concurrent requests instead of losing one', async () => {
    const { window, leases, store } = world(10_000);
    await leases.hit('k', window, store.take);
    // Both find no hits left on the lease and take one each, at once.
    await Promise.all([leases.hit('k', window, store.take), leases.hit('k', window, store.take)]);
    const calls = store.calls.length;
    for (let i = 0; i < 2 * (MAX_LEASE - 1); i++) await leases.hit('k', window, store.take);

    expect(store.calls.length).toBe(calls);
  });

  it('keeps both leases when the answers of two takes arrive out of order', async () => {
    const { window, leases, store } = world(10_000);
    await leases.hit('k', window, store.take);
    // Both run in the store in order, but the later one's answer is seen first.
    const answers = [await store.take(MAX_LEASE), await store.take(MAX_LEASE)];
    const [earlier, later] = answers;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = leases.hit('k', window, async () => {
      await held;
      return earlier;
    });
    await leases.hit('k', window, () => Promise.resolve(later));
    release();
    await first;

    const calls = store.calls.length;
    for (let i = 0; i < 2 * (MAX_LEASE - 1); i++) await leases.hit('k', window, store.take);
    expect(store.calls.length).toBe(calls);
  });
});
