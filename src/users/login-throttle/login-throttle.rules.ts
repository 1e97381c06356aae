/**
 * When a login attempt may go ahead, as plain functions of the stored counters and the time.
 *
 * Two limits, so that lockout is not a weapon against the owner:
 * - per (account, address): LOGIN_MAX_ATTEMPTS failures from one address lock the account for
 *   that address only, for LOGIN_LOCK_SECONDS;
 * - per account: the failures of all addresses in the window (each address counting at most
 *   LOGIN_MAX_ATTEMPTS) reaching LOGIN_ACCOUNT_MAX_ATTEMPTS make every attempt wait a delay
 *   after the last failure: 1 s, doubling with each failure beyond, capped at the lock time.
 */
export interface LoginLimits {
  /** LOGIN_MAX_ATTEMPTS. */
  maxAttempts: number;
  /** LOGIN_LOCK_SECONDS: the lock, the counting window and the cap of the delay. */
  lockSeconds: number;
  /** LOGIN_ACCOUNT_MAX_ATTEMPTS. */
  accountMaxAttempts: number;
}

/** What the database holds for one account, seen from one address. */
export interface LoginCounters {
  /** The lock of this (account, address), if one was ever set. */
  addressLockedUntil: Date | null;
  /** Failures against the account in the window, each address counting at most maxAttempts. */
  accountFailures: number;
  /** The latest of those failures. */
  accountLastFailureAt: Date | null;
}

/** Seconds every attempt on the account waits after its last failure; 0 below the limit. */
export function accountDelaySeconds(accountFailures: number, limits: LoginLimits): number {
  const beyond = accountFailures - limits.accountMaxAttempts;
  if (beyond < 0) return 0;
  return Math.min(2 ** beyond, limits.lockSeconds);
}

/** When an attempt from this address may be made again, or null when it may be made now. */
export function refusedUntil(counters: LoginCounters, now: Date, limits: LoginLimits): Date | null {
  return latest(addressLock(counters, now), accountDelayEnd(counters, now, limits));
}

/** Whole seconds, at least 1 (RFC 9110 §10.2.3 Retry-After is delay-seconds). */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** The start of the counting window: failures before it are forgotten. */
export function windowStart(now: Date, limits: LoginLimits): Date {
  return new Date(now.getTime() - limits.lockSeconds * 1000);
}

function addressLock(counters: LoginCounters, now: Date): Date | null {
  const lock = counters.addressLockedUntil;
  return lock && lock > now ? lock : null;
}

function accountDelayEnd(counters: LoginCounters, now: Date, limits: LoginLimits): Date | null {
  const delay = accountDelaySeconds(counters.accountFailures, limits);
  if (delay === 0 || !counters.accountLastFailureAt) return null;
  const end = new Date(counters.accountLastFailureAt.getTime() + delay * 1000);
  return end > now ? end : null;
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
