import type { ThrottleCount, ThrottleWindow } from './throttle-window';

/** A count from the shared store, with how many hits of it were granted to this replica. */
export interface GrantedCount extends ThrottleCount {
  /** Hits added for this call: 1 (this request), up to `take` (a lease), 0 while blocked. */
  granted: number;
  /** When the window ends in the store (epoch ms): the same value, the same window. */
  windowEnd: number;
}

/** Adds up to `take` hits to the key's shared count, only if they all fit under the limit. */
export type TakeHits = (take: number) => Promise<GrantedCount>;

/** A lease takes at most this share of what the window has left… */
export const LEASE_SHARE = 16;
/** …and never more than this many hits. */
export const MAX_LEASE = 64;
/** Keys whose leases this replica remembers; beyond it the oldest lease is dropped. */
export const MAX_LEASED_KEYS = 10_000;

interface Lease {
  /** Hits reserved in the shared count and not yet used by a request here. */
  left: number;
  /** The shared count as this replica last read it, its unused reservation included. */
  hits: number;
  /** When the window ends, on this replica's clock (ms), never later than in the store. */
  deadline: number;
  windowEnd: number;
  limit: number;
  ttlMs: number;
}

/** How many hits to reserve next, having seen `hits` of `limit` counted. */
export function leaseSize(limit: number, hits: number): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor((limit - hits) / LEASE_SHARE)));
}

/**
 * Hits of a shared window reserved by one replica ahead of its requests, so that far below the
 * limit most requests are counted without a round trip to the shared store. A lease is taken
 * in the store (its hits are counted there at once), only when all of it fits under the limit,
 * and never more than a LEASE_SHARE-th of what is left: the replicas together never let more
 * than the limit through. A lease ends with its window; hits it still holds then, or when it is
 * dropped, are simply not used, so the cost of a lease is at most a few requests refused early
 * near the limit. Under 2 × LEASE_SHARE hits from the limit (the default limit throughout),
 * every request is counted in the store, one by one, exactly as without leases.
 */
export class ThrottleLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(
    /** Milliseconds on the clock the service runs on (an injected one in tests). */
    private readonly nowMs: () => number,
    private readonly maxKeys = MAX_LEASED_KEYS,
  ) {}

  /** One hit of `key`: from this replica's lease while it lasts, otherwise through `take`. */
  async hit(key: string, window: ThrottleWindow, take: TakeHits): Promise<ThrottleCount> {
    const sentAt = this.nowMs();
    const lease = this.live(key, window, sentAt);
    if (lease && lease.left > 0) {
      lease.left -= 1;
      return {
        hits: lease.hits - lease.left,
        msToExpire: lease.deadline - sentAt,
        msToUnblock: null,
      };
    }
    const count = await take(lease ? leaseSize(window.limit, lease.hits) : 1);
    const unused = this.remember(key, window, count, sentAt);
    if (count.msToUnblock !== null) return count;
    // The hits this replica holds but has not used yet are not the client's.
    return { ...count, hits: count.hits - unused };
  }

  /** How many keys hold a lease (for tests and metrics). */
  get size(): number {
    return this.leases.size;
  }

  private live(key: string, window: ThrottleWindow, now: number): Lease | undefined {
    const lease = this.leases.get(key);
    if (!lease) return undefined;
    if (lease.deadline > now && lease.limit === window.limit && lease.ttlMs === window.ttlMs) {
      return lease;
    }
    this.leases.delete(key);
    return undefined;
  }

  /** Keeps what `count` granted beyond this request; returns the key's unused hits. */
  private remember(
    key: string,
    window: ThrottleWindow,
    count: GrantedCount,
    sentAt: number,
  ): number {
    // From the moment the statement was sent, so the lease ends no later than its window.
    const deadline = sentAt + count.msToExpire;
    const unused = count.msToUnblock === null ? Math.max(0, count.granted - 1) : 0;
    const known = this.leases.get(key);
    // A concurrent request's lease in the same window keeps its unused hits, even when this
    // request found the window full (they were counted before it filled). Answers may arrive
    // out of order, so the higher count stands. Of another window, what was left is void.
    if (known && known.windowEnd === count.windowEnd) {
      known.left += unused;
      known.hits = Math.max(known.hits, count.hits);
      known.deadline = Math.min(known.deadline, deadline);
      return known.left;
    }
    this.leases.delete(key);
    // Nothing held and nothing to lease next (near the limit, the default throughout): the
    // next request goes to the store anyway, so there is nothing to remember.
    if (unused === 0 && leaseSize(window.limit, count.hits) === 1) return 0;
    this.leases.set(key, {
      left: unused,
      hits: count.hits,
      deadline,
      windowEnd: count.windowEnd,
      limit: window.limit,
      ttlMs: window.ttlMs,
    });
    // The least recently taken lease goes first (a Map keeps insertion order).
    if (this.leases.size > this.maxKeys) this.leases.delete(this.leases.keys().next().value!);
    return unused;
  }
}
