import { Module } from '@nestjs/common';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';
import { ThrottleCountersPurgeJob } from './throttle-counters-purge.job';
import { ThrottleCountersRepository } from './throttle-counters.repository';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** The storage ThrottlerModule is given: one every replica shares (see AppModule). */
export const SHARED_THROTTLER_STORAGE = Symbol.for('warden:shared-throttler-storage');

/**
 * The per-IP throttle's counters, shared by every replica (docs/architecture.md §8): in
 * PostgreSQL's `throttle_counters` (purged by a job), or in Redis when REDIS_URL is set.
 */
@Module({
  providers: [
    ThrottleCountersRepository,
    PostgresThrottlerStorage,
    ThrottleCountersPurgeJob,
    {
      provide: SHARED_THROTTLER_STORAGE,
      inject: [APP_CONFIG, CLOCK, PostgresThrottlerStorage],
      useFactory: (config: AppConfig, clock: Clock, postgres: PostgresThrottlerStorage) =>
        config.auth.redisUrl ? new RedisThrottlerStorage(config.auth.redisUrl, clock) : postgres,
    },
  ],
  exports: [SHARED_THROTTLER_STORAGE],
})
export class ThrottleStorageModule {}
