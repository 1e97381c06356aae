import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoginCounters, LoginLimits, windowStart } from './login-throttle.rules';

interface CountersRow {
  account_failures: number;
  account_last_failure_at: Date | null;
  address_locked_until: Date | null;
}

/**
 * SQL of `login_failures`: one row per (account key, address group) with its failures in the
 * current window (which starts at its first failure and lasts LOGIN_LOCK_SECONDS) and its lock.
 */
@Injectable()
export class LoginFailuresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counters an attempt from `address` on `accountKey` is judged by, at `now`. */
  async counters(
    accountKey: string,
    address: string,
    now: Date,
    limits: LoginLimits,
  ): Promise<LoginCounters> {
    const [row] = await this.dataSource.query<CountersRow[]>(
      `SELECT
         COALESCE(SUM(LEAST(failures, $4)) FILTER (WHERE first_failure_at > $3), 0)::int
           AS account_failures,
         MAX(last_failure_at) FILTER (WHERE first_failure_at > $3) AS account_last_failure_at,
         MAX(locked_until) FILTER (WHERE address = $2) AS address_locked_until
       FROM login_failures WHERE account_key = $1`,
      [accountKey, address, windowStart(now, limits), limits.maxAttempts],
    );
    return {
      addressLockedUntil: row?.address_locked_until ?? null,
      accountFailures: row?.account_failures ?? 0,
      accountLastFailureAt: row?.account_last_failure_at ?? null,
    };
  }

  /**
   * Counts one failure, atomically: concurrent failures each count (the upsert takes the row
   * lock), a window that has passed starts again at 1, and the failure that reaches
   * maxAttempts locks the address for lockSeconds. A lock still running is left alone.
   */
  async recordFailure(
    accountKey: string,
    address: string,
    now: Date,
    limits: LoginLimits,
  ): Promise<void> {
    const lockUntil = new Date(now.getTime() + limits.lockSeconds * 1000);
    await this.dataSource.query(
      `INSERT INTO login_failures AS f
         (account_key, address, failures, first_failure_at, last_failure_at, locked_until)
       VALUES ($1, $2, 1, $3, $3, CASE WHEN 1 >= $5 THEN $6::timestamptz END)
       ON CONFLICT (account_key, address) DO UPDATE SET
         failures = CASE WHEN f.first_failure_at <= $4 THEN 1 ELSE f.failures + 1 END,
         first_failure_at = CASE WHEN f.first_failure_at <= $4 THEN $3 ELSE f.first_failure_at END,
         last_failure_at = GREATEST(f.last_failure_at, $3),
         locked_until = CASE
           WHEN f.locked_until > $3 THEN f.locked_until
           WHEN (CASE WHEN f.first_failure_at <= $4 THEN 1 ELSE f.failures + 1 END) >= $5
             THEN $6::timestamptz
           ELSE f.locked_until
         END`,
      [accountKey, address, now, windowStart(now, limits), limits.maxAttempts, lockUntil],
    );
  }

  /** A success from this address forgets its failures (other addresses' stay counted). */
  async clear(accountKey: string, address: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_failures WHERE account_key = $1 AND address = $2`,
      [accountKey, address],
    );
  }

  /** Deletes rows that no longer count nor lock at `now`; returns how many. */
  async deleteStale(now: Date, limits: LoginLimits): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM login_failures
        WHERE last_failure_at <= $1 AND (locked_until IS NULL OR locked_until <= $2)`,
      [windowStart(now, limits), now],
    );
    return count;
  }
}
