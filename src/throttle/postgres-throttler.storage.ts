import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { isDatabaseUnavailable } from '../common/errors';
import { ThrottleCountersRepository } from './throttle-counters.repository';
import { ThrottleLeases } from './throttle-leases';
import { ThrottleOutage } from './throttle-outage';
import { ThrottleHit, toThrottleHit, uncountedHit } from './throttle-window';

/**
 * @nestjs/throttler's storage over `throttle_counters`, so every replica counts into the same
 * windows: one upsert per throttled request, except that far below a high limit a replica
 * counts hits it reserved in the store ahead (ThrottleLeases) without a round trip.
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

  private readonly leases: ThrottleLeases;

  constructor(
    private readonly counters: ThrottleCountersRepository,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.leases = new ThrottleLeases(() => clock.now().getTime());
  }

  /** `ttl` and `blockDuration` in milliseconds, as the guard passes them. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottleHit> {
    const window = { limit, ttlMs: ttl, blockMs: blockDuration };
    try {
      const count = await this.leases.hit(key, window, async (take) => {
        const counted = await this.counters.hit(key, window, take);
        this.outage.succeeded();
        return counted;
      });
      return toThrottleHit(count);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.outage.failedOpen(error);
      return uncountedHit(window);
    }
  }
}
