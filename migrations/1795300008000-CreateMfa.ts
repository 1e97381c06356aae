import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A second factor (docs/architecture.md §3 "Two-factor sign-in"): a TOTP secret per user (RFC
 * 6238), sealed under the key encryption key like the signing keys, with the last time step
 * accepted (a code is accepted once, §5.2); ten single-use recovery codes, stored as SHA-256
 * digests; the half-finished logins waiting for their second factor (`mfa_token`, stored
 * hashed); and, on every refresh family, how and when its login authenticated (RFC 8176 `amr`,
 * `acr`, `auth_time`), so refreshed tokens keep them. `users.mfa_enabled` is written in the
 * same transaction as the secret's confirmation or removal.
 */
export class CreateMfa1795300008000 implements MigrationInterface {
  name = 'CreateMfa1795300008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS mfa_totp (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_enc bytea NOT NULL,
        confirmed_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS mfa_recovery_codes (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, code_hash)
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS mfa_challenges (
        id uuid PRIMARY KEY,
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        client_id text,
        scope text,
        audiences text[],
        failed_attempts integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS mfa_challenges_expires_at_idx ON mfa_challenges (expires_at)`,
    );
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN IF NOT EXISTS mfa_enabled boolean NOT NULL DEFAULT false`,
    );
    // NULL on the families of logins made before this migration: they carry no amr.
    await queryRunner.query(`ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS amr text[]`);
    await queryRunner.query(`ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS acr text`);
    await queryRunner.query(
      `ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS auth_time timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN IF EXISTS auth_time`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN IF EXISTS acr`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN IF EXISTS amr`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN IF EXISTS mfa_enabled`);
    await queryRunner.query(`DROP TABLE IF EXISTS mfa_challenges`);
    await queryRunner.query(`DROP TABLE IF EXISTS mfa_recovery_codes`);
    await queryRunner.query(`DROP TABLE IF EXISTS mfa_totp`);
  }
}
