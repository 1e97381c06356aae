import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cut-offs that outlive their subject (docs/architecture.md §2): a deleted user's or client's
 * `tokens_valid_after` would go with its row, and a replica starting later would accept its
 * unexpired tokens again. `subject` is a user id or `client:<client_id>`; a row is needed only
 * until every token issued before `valid_after` has expired (`expires_at`), then it is purged.
 */
export class CreateSubjectCutoffs1795300005000 implements MigrationInterface {
  name = 'CreateSubjectCutoffs1795300005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS subject_cutoffs (
        subject text PRIMARY KEY,
        valid_after timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS subject_cutoffs_expires_at_idx ON subject_cutoffs (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS subject_cutoffs`);
  }
}
