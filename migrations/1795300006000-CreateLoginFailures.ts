import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login counters per (account, client address), shared by every replica. They replace
 * the per-account `users.failed_logins` / `locked_until`, which let anyone lock an owner out
 * from anywhere. `account_key` is `user:<id>` for a known account and `login:<text>` for an
 * unknown login, so both are counted alike; `address` is the client's IPv4 address or IPv6 /64.
 */
export class CreateLoginFailures1795300006000 implements MigrationInterface {
  name = 'CreateLoginFailures1795300006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS login_failures (
        account_key text NOT NULL,
        address text NOT NULL,
        failures integer NOT NULL,
        first_failure_at timestamptz NOT NULL,
        last_failure_at timestamptz NOT NULL,
        locked_until timestamptz,
        PRIMARY KEY (account_key, address)
      )`);
    // The purge deletes by age.
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS login_failures_last_failure_at_idx
         ON login_failures (last_failure_at)`,
    );
    await queryRunner.query(`ALTER TABLE users DROP COLUMN IF EXISTS failed_logins`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN IF EXISTS locked_until`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN IF NOT EXISTS failed_logins integer NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS locked_until timestamptz`);
    await queryRunner.query(`DROP TABLE IF EXISTS login_failures`);
  }
}
