import { toThrottleHit, uncountedHit } from './throttle-window';

describe(toThrottleHit.name, () => {
  it('rounds what is left of the window up to whole seconds, as the guard expects', () => {
    const sut = toThrottleHit({ hits: 3, msToExpire: 59001, msToUnblock: null });
    expect(sut).toEqual({ totalHits: 3, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('reports a block with a Retry-After of at least one second', () => {
    const sut = toThrottleHit({ hits: 11, msToExpire: 1000, msToUnblock: 1 });
    expect(sut).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
  });

  it('never reports a negative time for a window that ended during a block', () => {
    const sut = toThrottleHit({ hits: 11, msToExpire: -5000, msToUnblock: 30000 });
    expect(sut).toMatchObject({ timeToExpire: 0, isBlocked: true, timeToBlockExpire: 30 });
  });
});

describe(uncountedHit.name, () => {
  it('lets the request through with the whole window ahead', () => {
    const sut = uncountedHit({ limit: 10, ttlMs: 60000, blockMs: 60000 });
    expect(sut).toEqual({ totalHits: 0, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });
});
