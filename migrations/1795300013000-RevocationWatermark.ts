import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each revocation row was last written, by the database's clock: `revoked_tokens.revoked_at`
 * and `subject_cutoffs.written_at`, each indexed. Every replica's periodic poll then re-reads
 * only the rows written since its previous poll (RevocationService), rather than the whole
 * unexpired denylist every KEY_RELOAD_INTERVAL seconds. Existing rows get the migration's
 * `now()`, so the first incremental poll after it still sees them. The column is added with a
 * constant default (no table rewrite); the index builds in the migration's transaction, which
 * holds off writes to the table for the build: on a very large denylist create it beforehand
 * with CREATE INDEX CONCURRENTLY under this name, and IF NOT EXISTS leaves it be.
 */
export class RevocationWatermark1795300013000 implements MigrationInterface {
  name = 'RevocationWatermark1795300013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE revoked_tokens ADD COLUMN IF NOT EXISTS revoked_at timestamptz NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS revoked_tokens_revoked_at_idx ON revoked_tokens (revoked_at)`,
    );
    await queryRunner.query(
      `ALTER TABLE subject_cutoffs ADD COLUMN IF NOT EXISTS written_at timestamptz NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS subject_cutoffs_written_at_idx ON subject_cutoffs (written_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS subject_cutoffs_written_at_idx`);
    await queryRunner.query(`ALTER TABLE subject_cutoffs DROP COLUMN IF EXISTS written_at`);
    await queryRunner.query(`DROP INDEX IF EXISTS revoked_tokens_revoked_at_idx`);
    await queryRunner.query(`ALTER TABLE revoked_tokens DROP COLUMN IF EXISTS revoked_at`);
  }
}
