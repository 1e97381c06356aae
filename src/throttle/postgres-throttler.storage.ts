import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { isDatabaseUnavailable } from '../common/errors';
import { ThrottleCountersRepository } from './throttle-counters.repository';
import { ThrottleOutage } from './throttle-outage';
import { ThrottleHit, uncountedHit } from './throttle-window';

/**
 * @nestjs/throttler's storage over `throttle_counters`, so every replica counts into the same
 * windows: one upsert per throttled request.
 *
 * Fails open: while PostgreSQL is unreachable a throttled request is let through uncounted
 * (one warning per outage) rather than answered 500. The routes behind @ThrottleAuth() need
 * the database themselves, so they answer 503 anyway, and the login lockout they would protect
 * lives in the same unreachable database. Any other error is a bug and propagates.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly outage = new ThrottleOutage(
    new Logger(PostgresThrottlerStorage.name),
    'PostgreSQL',
  );

  constructor(private readonly counters: ThrottleCountersRepository) {}

  /** `ttl` and `blockDuration` in milliseconds, as the guard passes them. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottleHit> {
    const window = { limit, ttlMs: ttl, blockMs: blockDuration };
    try {
      const hit = await this.counters.hit(key, window);
      this.outage.succeeded();
      return hit;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.outage.failedOpen(error);
      return uncountedHit(window);
    }
  }
}
