/** One throttler's rule for a key, as @nestjs/throttler's guard passes it (milliseconds). */
export interface ThrottleWindow {
  limit: number;
  ttlMs: number;
  /** How long the hit past the limit blocks the key; 0 or less: until its window ends. */
  blockMs: number;
}

/** A key's state after one hit, as a storage backend reads it (milliseconds from the hit). */
export interface ThrottleCount {
  hits: number;
  msToExpire: number;
  /** Null when the key is not blocked. */
  msToUnblock: number | null;
}

/**
 * @nestjs/throttler's ThrottlerStorageRecord, in the units its guard expects: whole seconds,
 * rounded up (`timeToBlockExpire` becomes Retry-After, `timeToExpire` X-RateLimit-Reset).
 */
export interface ThrottleHit {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

export function toThrottleHit(count: ThrottleCount): ThrottleHit {
  const isBlocked = count.msToUnblock !== null && count.msToUnblock > 0;
  return {
    totalHits: count.hits,
    timeToExpire: Math.max(0, Math.ceil(count.msToExpire / 1000)),
    isBlocked,
    // At least 1: a Retry-After of 0 would invite the client straight back.
    timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil((count.msToUnblock ?? 0) / 1000)) : 0,
  };
}

/** What a storage that cannot be reached answers: allowed, and nothing counted. */
export function uncountedHit(window: ThrottleWindow): ThrottleHit {
  return {
    totalHits: 0,
    timeToExpire: Math.ceil(window.ttlMs / 1000),
    isBlocked: false,
    timeToBlockExpire: 0,
  };
}
