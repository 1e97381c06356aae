import { FakeClock } from '../../common/fake-clock';
import {
  accountDelaySeconds,
  LoginCounters,
  LoginLimits,
  refusedUntil,
  retryAfterSeconds,
  windowStart,
} from './login-throttle.rules';

const limits: LoginLimits = { maxAttempts: 5, lockSeconds: 900, accountMaxAttempts: 20 };

function counters(overrides: Partial<LoginCounters> = {}): LoginCounters {
  return { addressLockedUntil: null, accountFailures: 0, accountLastFailureAt: null, ...overrides };
}

describe(accountDelaySeconds.name, () => {
  it('is 0 below the account limit', () => {
    expect(accountDelaySeconds(0, limits)).toBe(0);
    expect(accountDelaySeconds(19, limits)).toBe(0);
  });

  it('is 1 s at the limit and doubles with each failure beyond', () => {
    const delays = [20, 21, 22, 23, 24].map((failures) => accountDelaySeconds(failures, limits));

    expect(delays).toEqual([1, 2, 4, 8, 16]);
  });

  it('is capped at the lock time, however many failures', () => {
    expect(accountDelaySeconds(29, limits)).toBe(512);
    expect(accountDelaySeconds(30, limits)).toBe(900);
    expect(accountDelaySeconds(5000, limits)).toBe(900);
  });
});

describe(refusedUntil.name, () => {
  const clock = new FakeClock();
  const inSeconds = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);

  it('allows an attempt with no counters', () => {
    expect(refusedUntil(counters(), clock.now(), limits)).toBeNull();
  });

  it('refuses while the address lock lasts, and not after', () => {
    const locked = counters({ addressLockedUntil: inSeconds(60) });

    expect(refusedUntil(locked, clock.now(), limits)).toEqual(inSeconds(60));
    expect(refusedUntil(locked, inSeconds(60), limits)).toBeNull();
  });

  it('refuses for the account delay after the last failure, and not after', () => {
    const lastFailure = clock.now();
    const delayed = counters({ accountFailures: 22, accountLastFailureAt: lastFailure });

    expect(refusedUntil(delayed, inSeconds(3), limits)).toEqual(inSeconds(4));
    expect(refusedUntil(delayed, inSeconds(4), limits)).toBeNull();
  });

  it('ignores the account count below its limit', () => {
    const below = counters({ accountFailures: 19, accountLastFailureAt: clock.now() });

    expect(refusedUntil(below, clock.now(), limits)).toBeNull();
  });

  it('gives the later of the two when both apply', () => {
    const both = counters({
      addressLockedUntil: inSeconds(10),
      accountFailures: 26,
      accountLastFailureAt: clock.now(),
    });

    expect(refusedUntil(both, clock.now(), limits)).toEqual(inSeconds(64));
  });
});

describe(retryAfterSeconds.name, () => {
  it('rounds up to whole seconds, at least 1', () => {
    const now = new Date(0);

    expect(retryAfterSeconds(new Date(1500), now)).toBe(2);
    expect(retryAfterSeconds(new Date(1), now)).toBe(1);
    expect(retryAfterSeconds(new Date(0), now)).toBe(1);
    expect(retryAfterSeconds(new Date(900_000), now)).toBe(900);
  });
});

describe(windowStart.name, () => {
  it('is the lock time before now', () => {
    expect(windowStart(new Date(1_000_000), limits)).toEqual(new Date(100_000));
  });
});
