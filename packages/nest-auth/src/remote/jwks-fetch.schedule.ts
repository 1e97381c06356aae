import type { JwksTimers } from './jwks-timers';

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;

/**
 * The wait before the next background retry after `failures` failed fetches in a row: 1 s,
 * doubling, capped at 30 s. An issuer coming back is noticed within the cap; a long outage
 * costs one request per 30 s per consumer, not a retry storm when every consumer restarts.
 */
export function backoffDelayMs(failures: number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_CAP_MS);
}

interface PendingFetch {
  dueAt: number;
  handle: unknown;
  ended: Promise<void>;
  end: () => void;
}

/**
 * The one fetch planned for later: a backoff retry, or the fetch that requests with an unknown
 * kid wait for once the cooldown allows it. Asking for a later time than already planned keeps
 * the earlier one, asking for an earlier one moves it: there is never more than one timer, so
 * however many callers ask, at most one fetch runs per planned time. Whoever awaits the plan is
 * told when the fetch it led to ended (or when the plan was dropped).
 */
export class JwksFetchSchedule {
  private pending?: PendingFetch;

  constructor(
    private readonly timers: JwksTimers,
    private readonly now: () => number,
    /** Starts a fetch, or joins the one in flight; never rejects. */
    private readonly fetchNow: () => Promise<void>,
  ) {}

  /** Plans a fetch `delayMs` from now (or keeps an earlier plan); settles once it ended. */
  fetchIn(delayMs: number): Promise<void> {
    const wait = Math.max(0, delayMs);
    const dueAt = this.now() + wait;
    const pending = this.pending;
    if (pending === undefined) {
      let end: () => void = () => undefined;
      const ended = new Promise<void>((resolve) => (end = resolve));
      const handle = this.timers.setTimeout(() => this.fire(), wait);
      this.pending = { dueAt, handle, ended, end };
      return ended;
    }
    if (dueAt < pending.dueAt) {
      this.timers.clearTimeout(pending.handle);
      pending.handle = this.timers.setTimeout(() => this.fire(), wait);
      pending.dueAt = dueAt;
    }
    return pending.ended;
  }

  /** Drops the plan; whoever awaited it is released (to look at the keys again, or give up). */
  cancel(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    this.timers.clearTimeout(pending.handle);
    pending.end();
  }

  private fire(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    void this.fetchNow().finally(pending.end);
  }
}
