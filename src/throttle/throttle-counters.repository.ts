import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, SystemClock } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import type { GrantedCount } from './throttle-leases';
import type { ThrottleWindow } from './throttle-window';

interface HitRow {
  hits: number;
  granted: number;
  window_end: number;
  ms_to_expire: number;
  ms_to_unblock: number | null;
}

/**
 * Counts one hit and returns the key's state, in ONE statement: the upsert takes the row lock,
 * so concurrent hits from every replica each count exactly once (no read-then-write), and a
 * window or block that has ended starts a fresh window at 1. While blocked the count stands
 * still, as in @nestjs/throttler's in-memory storage. `clock.n` is the statement's one clock
 * reading, carried into the update as EXCLUDED.hit_at so every branch uses the same instant.
 * $6 hits to take (ThrottleLeases): all of them are added only when they fit under the limit
 * within a running, unblocked window; otherwise one, as for any request. `granted` says how many
 * were added for this call (0 while blocked).
 * $1 key, $2 window (ms), $3 limit, $4 block (ms; 0: until the window ends), $5 injected time.
 */
const HIT_SQL = `
  INSERT INTO throttle_counters AS c (key, hits, expires_at, blocked_until, hit_at, granted)
  SELECT $1, 1, clock.n + $2::float8 * interval '1 millisecond',
         CASE WHEN 1 > $3::float8 THEN clock.n + interval '1 millisecond'
           * (CASE WHEN $4::float8 > 0 THEN $4::float8 ELSE $2::float8 END) END,
         clock.n, 1
    FROM (SELECT COALESCE($5::timestamptz, now()) AS n) AS clock
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE
      WHEN c.blocked_until > EXCLUDED.hit_at THEN c.hits
      WHEN c.expires_at <= EXCLUDED.hit_at OR c.blocked_until <= EXCLUDED.hit_at THEN 1
      WHEN c.hits + $6::int <= $3::float8 THEN c.hits + $6::int
      ELSE c.hits + 1
    END,
    granted = CASE
      WHEN c.blocked_until > EXCLUDED.hit_at THEN 0
      WHEN c.expires_at <= EXCLUDED.hit_at OR c.blocked_until <= EXCLUDED.hit_at THEN 1
      WHEN c.hits + $6::int <= $3::float8 THEN $6::int
      ELSE 1
    END,
    expires_at = CASE
      WHEN c.blocked_until > EXCLUDED.hit_at THEN c.expires_at
      WHEN c.expires_at <= EXCLUDED.hit_at OR c.blocked_until <= EXCLUDED.hit_at
        THEN EXCLUDED.expires_at
      ELSE c.expires_at
    END,
    blocked_until = CASE
      WHEN c.blocked_until > EXCLUDED.hit_at THEN c.blocked_until
      WHEN c.expires_at <= EXCLUDED.hit_at OR c.blocked_until <= EXCLUDED.hit_at
        THEN EXCLUDED.blocked_until
      -- The hit past the limit starts the block; without a block duration it lasts the window.
      WHEN c.hits + 1 > $3::float8 THEN CASE
        WHEN $4::float8 > 0 THEN EXCLUDED.hit_at + $4::float8 * interval '1 millisecond'
        ELSE c.expires_at
      END
    END,
    hit_at = EXCLUDED.hit_at
  RETURNING hits, granted, EXTRACT(EPOCH FROM expires_at)::float8 * 1000 AS window_end,
    CEIL(EXTRACT(EPOCH FROM expires_at - hit_at) * 1000)::float8 AS ms_to_expire,
    CASE WHEN blocked_until > hit_at
      THEN CEIL(EXTRACT(EPOCH FROM blocked_until - hit_at) * 1000)::float8 END AS ms_to_unblock`;

/** Deletes up to $2 rows whose window and block have both ended (the index's expression). */
const PURGE_BATCH_SQL = `
  DELETE FROM throttle_counters WHERE key IN (
    SELECT key FROM throttle_counters
     WHERE GREATEST(expires_at, blocked_until) <= COALESCE($1::timestamptz, now())
     LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/**
 * SQL of `throttle_counters`, the per-IP throttle's windows shared by every replica.
 *
 * Time is PostgreSQL's `now()`, not each replica's: replicas whose clocks disagree still agree
 * on when a shared window ends, as they must for one count to mean one limit. When a clock other
 * than the system clock is injected (tests moving time), that clock's reading replaces `now()`
 * in the same statements, as DatabaseClock does for the keys.
 */
@Injectable()
export class ThrottleCountersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Counts one hit, or `take` hits when all of them fit under the limit (a lease). */
  async hit(key: string, window: ThrottleWindow, take = 1): Promise<GrantedCount> {
    const [row] = await this.dataSource.query<HitRow[]>(HIT_SQL, [
      key,
      window.ttlMs,
      window.limit,
      window.blockMs,
      this.injectedNow(),
      take,
    ]);
    return {
      hits: row.hits,
      granted: row.granted,
      windowEnd: row.window_end,
      msToExpire: row.ms_to_expire,
      msToUnblock: row.ms_to_unblock,
    };
  }

  /** Deletes up to `batchSize` counters that can no longer refuse anyone; returns how many. */
  async deleteStale(batchSize: number): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(PURGE_BATCH_SQL, [
      this.injectedNow(),
      batchSize,
    ]);
    return count;
  }

  /** The injected clock's time, or null: PostgreSQL's own now(). */
  private injectedNow(): Date | null {
    return this.clock instanceof SystemClock ? null : this.clock.now();
  }
}
