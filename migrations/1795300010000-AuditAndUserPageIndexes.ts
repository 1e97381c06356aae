import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the lists' sort orders, so a page asked for by cursor (`GET /users?after`,
 * `GET /audit?after`) starts at its key in the index however deep it is, and the audit retention
 * job finds the oldest rows without a scan: `users (created_at, id)`, `audit_events (at, id)`,
 * and `audit_events (type, at, id)` for `GET /audit?type`. The audit ones supersede
 * `audit_events_at_idx` and `audit_events_type_at_idx` (the same leading columns; a B-tree is
 * read backwards as well as forwards), which are dropped rather than kept up to date on every
 * insert. Built in the migration's transaction, which holds off writes to the tables for the
 * build: on a large existing audit trail, create them beforehand with CREATE INDEX CONCURRENTLY
 * under these names, and IF NOT EXISTS leaves them be.
 */
export class AuditAndUserPageIndexes1795300010000 implements MigrationInterface {
  name = 'AuditAndUserPageIndexes1795300010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS users_created_at_id_idx ON users (created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_events_at_id_idx ON audit_events (at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_events_type_at_id_idx ON audit_events (type, at, id)`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS audit_events_at_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS audit_events_type_at_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_events_type_at_idx ON audit_events (type, at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_events_at_idx ON audit_events (at DESC)`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS audit_events_type_at_id_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS audit_events_at_id_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS users_created_at_id_idx`);
  }
}
