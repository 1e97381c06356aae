/**
 * The timers the JWKS resolver runs on: injectable, so tests move time instead of sleeping. The
 * default ones are `unref()`ed: a pending JWKS retry never keeps a process alive on its own.
 */
export interface JwksTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: JwksTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * How long one request may still wait, on one timer for the whole request however many fetches
 * it waits through. `race` tells whether the awaited fetch ended before the budget ran out.
 */
export class WaitBudget {
  private readonly handle: unknown;
  private readonly spent: Promise<false>;
  private release: (value: false) => void = () => undefined;

  constructor(
    private readonly timers: JwksTimers,
    budgetMs: number,
  ) {
    this.spent = new Promise((resolve) => (this.release = resolve));
    this.handle = timers.setTimeout(() => this.release(false), budgetMs);
  }

  race(pending: Promise<void>): Promise<boolean> {
    return Promise.race([pending.then(() => true), this.spent]);
  }

  /** Frees the timer; call it once the request has its answer. */
  end(): void {
    this.timers.clearTimeout(this.handle);
  }
}

/** A signal that aborts after `delayMs` on the given timers; `clear` once the work is done. */
export function abortAfter(
  timers: JwksTimers,
  delayMs: number,
): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const handle = timers.setTimeout(
    () => controller.abort(new Error(`no answer within ${delayMs} ms`)),
    delayMs,
  );
  return { signal: controller.signal, clear: () => timers.clearTimeout(handle) };
}
