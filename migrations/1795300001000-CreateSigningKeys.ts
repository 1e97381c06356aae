import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSigningKeys1795300001000 implements MigrationInterface {
  name = 'CreateSigningKeys1795300001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL
          CHECK (alg IN ('RS256', 'PS256', 'ES256', 'EdDSA', 'HS256', 'HS512')),
        public_jwk jsonb NOT NULL,
        private_key_enc bytea NOT NULL,
        status text NOT NULL
          CHECK (status IN ('next', 'active', 'retiring', 'retired', 'revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        retire_at timestamptz,
        CHECK (status <> 'retiring' OR retire_at IS NOT NULL)
      )`);
    // docs/architecture.md §4: exactly one signing key, even if two rotations
    // ever raced past the lock.
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS signing_keys_one_active_idx ON signing_keys (status) WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS signing_keys_one_next_idx ON signing_keys (status) WHERE status = 'next'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS signing_keys`);
  }
}
