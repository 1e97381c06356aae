import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resource servers (docs/architecture.md §3 "Audiences"): the APIs a token may be asked for
 * (RFC 8707), each with the permissions it defines, its token lifetime, the token uses it
 * accepts and the subject attributes that become claims in its tokens. Clients list the APIs
 * they may ask for; users and clients carry `attributes`, the source of those claims; a refresh
 * family remembers the audiences it was granted. The `admin` role gains the two new
 * administrative permissions.
 */
export class CreateApis1795300007000 implements MigrationInterface {
  name = 'CreateApis1795300007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS apis (
        identifier text PRIMARY KEY,
        name text NOT NULL,
        permissions text[] NOT NULL DEFAULT '{}',
        access_token_ttl integer CHECK (access_token_ttl > 0),
        allowed_token_uses text[] NOT NULL DEFAULT '{access,service,delegated}',
        claims text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS apis_created_at_idx ON apis (created_at, identifier)`,
    );
    await queryRunner.query(
      `ALTER TABLE clients ADD COLUMN IF NOT EXISTS allowed_audiences text[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE clients ADD COLUMN IF NOT EXISTS attributes jsonb NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN IF NOT EXISTS attributes jsonb NOT NULL DEFAULT '{}'`,
    );
    // NULL: the family was granted the default audience (every family before this migration).
    await queryRunner.query(`ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS audiences text[]`);
    await queryRunner.query(`
      UPDATE roles
         SET permissions = ARRAY(
           SELECT DISTINCT p FROM unnest(permissions || '{apis:read,apis:write}'::text[]) AS p
           ORDER BY p)
       WHERE name = 'admin'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE roles
         SET permissions = ARRAY(
           SELECT p FROM unnest(permissions) AS p WHERE p NOT IN ('apis:read', 'apis:write'))
       WHERE name = 'admin'`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN IF EXISTS audiences`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN IF EXISTS attributes`);
    await queryRunner.query(`ALTER TABLE clients DROP COLUMN IF EXISTS attributes`);
    await queryRunner.query(`ALTER TABLE clients DROP COLUMN IF EXISTS allowed_audiences`);
    await queryRunner.query(`DROP TABLE IF EXISTS apis`);
  }
}
