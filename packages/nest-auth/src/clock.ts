/**
 * The time, injected: tests move it forward instead of sleeping. Seconds are what JWT claims
 * use (RFC 7519 NumericDate), hence `nowSeconds`.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol.for('warden:clock');

/**
 * AuthModule's own clock (from its `clock` option). Not CLOCK: an app that provides CLOCK itself,
 * as the Warden service does, must be able to inject it into `forRootAsync` without a cycle.
 */
export const AUTH_CLOCK = Symbol('warden:auth-clock');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

/**
 * `epochSeconds(clock)` as a function, the cheapest way the clock allows. The verifier reads the
 * time on every request: a plain SystemClock's time is the system's, and Date.now() reads it
 * without constructing a Date (measured at half the cost on a VM where each read is a syscall).
 * Any other clock, a SystemClock subclass or instance with its own `now` included, is asked.
 */
export function epochSecondsReader(clock: Clock): () => number {
  if (clock instanceof SystemClock && clock.now === SystemClock.prototype.now) {
    return () => Math.floor(Date.now() / 1000);
  }
  return () => epochSeconds(clock);
}
