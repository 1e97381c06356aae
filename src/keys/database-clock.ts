import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, SystemClock } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';

/**
 * The time key lifecycle decisions are made with. docs/architecture.md §4: every replica must agree
 * on a key's age and its `retire_at`, so in production it is PostgreSQL's clock, read inside the
 * rotation transaction (after the advisory lock is held, hence clock_timestamp()). When a
 * clock other than the system clock is injected (tests moving time forward), that clock wins,
 * so the whole lifecycle can be exercised without sleeping.
 */
@Injectable()
export class DatabaseClock {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async now(manager: EntityManager): Promise<Date> {
    if (!(this.clock instanceof SystemClock)) return this.clock.now();
    const [row] = await manager.query<[{ now: Date }]>('SELECT clock_timestamp() AS now');
    return row.now;
  }
}
