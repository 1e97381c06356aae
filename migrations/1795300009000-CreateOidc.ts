import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The OpenID provider (docs/architecture.md §3 "Sign in with Warden"): what a browser client
 * registers (redirect URIs, how it authenticates at the token endpoint, whether it is first
 * party, the origins its SPA calls from); the single sign-on sessions behind the hosted login
 * page's cookie (stored by the SHA-256 of the cookie value) and the refresh families started
 * under each, so a logout ends them; the authorization codes (stored hashed, single use, with
 * the family issued from them so a replay can revoke it, RFC 6749 §4.1.2); and the scopes each
 * user has consented to per third-party client. A public client (`none`) has no secret.
 */
export class CreateOidc1795300009000 implements MigrationInterface {
  name = 'CreateOidc1795300009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE clients
        ADD COLUMN IF NOT EXISTS redirect_uris text[] NOT NULL DEFAULT '{}',
        ADD COLUMN IF NOT EXISTS post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
        ADD COLUMN IF NOT EXISTS token_endpoint_auth_method text NOT NULL
          DEFAULT 'client_secret_basic',
        ADD COLUMN IF NOT EXISTS first_party boolean NOT NULL DEFAULT false,
        ADD COLUMN IF NOT EXISTS allowed_origins text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE clients ALTER COLUMN secret_hash DROP NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS browser_sessions (
        id uuid PRIMARY KEY,
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        amr text[] NOT NULL,
        acr text NOT NULL,
        auth_time timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS browser_sessions_user_id_idx ON browser_sessions (user_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS browser_sessions_expires_at_idx ON browser_sessions (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS browser_session_families (
        browser_session_id uuid NOT NULL REFERENCES browser_sessions (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        client_id text NOT NULL,
        PRIMARY KEY (browser_session_id, family_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS authorization_codes (
        code_hash bytea PRIMARY KEY,
        client_id text NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        browser_session_id uuid REFERENCES browser_sessions (id) ON DELETE SET NULL,
        redirect_uri text NOT NULL,
        scope text NOT NULL,
        audiences text[],
        nonce text,
        code_challenge text,
        amr text[] NOT NULL,
        acr text NOT NULL,
        auth_time timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        replayed_at timestamptz,
        family_id uuid,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS authorization_codes_expires_at_idx
         ON authorization_codes (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS consents (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        client_id text NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        scopes text[] NOT NULL,
        granted_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, client_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS consents`);
    await queryRunner.query(`DROP TABLE IF EXISTS authorization_codes`);
    await queryRunner.query(`DROP TABLE IF EXISTS browser_session_families`);
    await queryRunner.query(`DROP TABLE IF EXISTS browser_sessions`);
    // Public clients have no secret to restore; they go with the columns that describe them.
    await queryRunner.query(`DELETE FROM clients WHERE secret_hash IS NULL`);
    await queryRunner.query(`ALTER TABLE clients ALTER COLUMN secret_hash SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE clients
        DROP COLUMN IF EXISTS allowed_origins,
        DROP COLUMN IF EXISTS first_party,
        DROP COLUMN IF EXISTS token_endpoint_auth_method,
        DROP COLUMN IF EXISTS post_logout_redirect_uris,
        DROP COLUMN IF EXISTS redirect_uris`);
  }
}
