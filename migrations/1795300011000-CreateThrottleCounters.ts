import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-IP throttle's counters (@ThrottleAuth()), shared by every replica so N replicas still
 * allow THROTTLE_LIMIT per window in all, not N times it. One row per throttler key (the guard's
 * SHA-256 of route, throttler name and address): the hits in the window ending at `expires_at`,
 * and the block the hit past the limit started. UNLOGGED: counters are worth no WAL, and a crash
 * that empties the table only forgives one window. The fill factor leaves room on each page so
 * the per-request update stays a HOT update (no indexed column changes within a window).
 */
export class CreateThrottleCounters1795300011000 implements MigrationInterface {
  name = 'CreateThrottleCounters1795300011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE IF NOT EXISTS throttle_counters (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        expires_at timestamptz NOT NULL,
        blocked_until timestamptz,
        hit_at timestamptz NOT NULL
      ) WITH (fillfactor = 70)`);
    // The purge deletes rows whose window and block have both ended (GREATEST skips a NULL).
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS throttle_counters_stale_at_idx
         ON throttle_counters (GREATEST(expires_at, blocked_until))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS throttle_counters`);
  }
}
