import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEvents1795300000000 implements MigrationInterface {
  name = 'CreateAuditEvents1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        actor text,
        subject text,
        ip text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_events_type_at_idx ON audit_events (type, at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_events_at_idx ON audit_events (at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS audit_events`);
  }
}
