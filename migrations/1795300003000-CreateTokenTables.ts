import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh token families and the access token denylist (docs/architecture.md §2). Refresh tokens
 * are stored as SHA-256 digests only. Every token of a family carries the family's absolute expiry
 * (`expires_at`, set at login and copied on rotation), so refreshing never extends it.
 */
export class CreateTokenTables1795300003000 implements MigrationInterface {
  name = 'CreateTokenTables1795300003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        client_id text,
        token_hash bytea NOT NULL,
        scope text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        user_agent text,
        ip text,
        access_token_jti text,
        access_token_expires_at timestamptz,
        CONSTRAINT refresh_tokens_owner_check CHECK (user_id IS NOT NULL OR client_id IS NOT NULL),
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS refresh_tokens_family_id_idx ON refresh_tokens (family_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS refresh_tokens_user_id_idx ON refresh_tokens (user_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS refresh_tokens_expires_at_idx ON refresh_tokens (expires_at)`,
    );
    // Logout finds the session of the access token it is given by that token's jti.
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS refresh_tokens_access_token_jti_idx
         ON refresh_tokens (access_token_jti) WHERE access_token_jti IS NOT NULL`,
    );
    // Every replica re-reads recent per-user revocations every few seconds
    // (docs/architecture.md §8).
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS users_tokens_valid_after_idx
         ON users (tokens_valid_after) WHERE tokens_valid_after IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS revoked_tokens (
        jti text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS revoked_tokens_expires_at_idx ON revoked_tokens (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS revoked_tokens`);
    await queryRunner.query(`DROP INDEX IF EXISTS users_tokens_valid_after_idx`);
    await queryRunner.query(`DROP TABLE IF EXISTS refresh_tokens`);
  }
}
