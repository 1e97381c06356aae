import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many hits the last upsert of a throttle counter added (ThrottleLeases): one for a request
 * counted on its own, more for a replica's lease, 0 while blocked. The upsert's RETURNING sees
 * only the new row, so the grant is written into it.
 */
export class ThrottleLeases1795300015000 implements MigrationInterface {
  name = 'ThrottleLeases1795300015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE throttle_counters ADD COLUMN IF NOT EXISTS granted integer NOT NULL DEFAULT 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE throttle_counters DROP COLUMN IF EXISTS granted`);
  }
}
