import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service clients of the OAuth 2 surface (docs/architecture.md §2). The secret is stored as a
 * SHA-256 digest only. `grant_types` (RFC 7591 §2 client metadata) says which grants a client may
 * use: by default the two machine grants; the password grant (and its refresh tokens) only when an
 * administrator opts a client in (RFC 9700 §2.4 discourages it).
 */
export class CreateClients1795300004000 implements MigrationInterface {
  name = 'CreateClients1795300004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS clients (
        client_id text PRIMARY KEY,
        secret_hash bytea NOT NULL,
        name text NOT NULL,
        permissions text[] NOT NULL DEFAULT '{}',
        grant_types text[] NOT NULL
          DEFAULT '{client_credentials,urn:ietf:params:oauth:grant-type:token-exchange}',
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS clients_created_at_idx ON clients (created_at, client_id)`,
    );
    // Deleting a client revokes its refresh families, found by client.
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS refresh_tokens_client_id_idx
         ON refresh_tokens (client_id) WHERE client_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS refresh_tokens_client_id_idx`);
    await queryRunner.query(`DROP TABLE IF EXISTS clients`);
  }
}
