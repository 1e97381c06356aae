import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every administrative permission of docs/architecture.md §5; mirrored by ADMIN_PERMISSIONS
 * in code.
 */
const ADMIN_PERMISSIONS = [
  'users:read',
  'users:write',
  'roles:read',
  'roles:write',
  'keys:read',
  'keys:rotate',
  'clients:read',
  'clients:write',
  'audit:read',
];

export class CreateUsersAndRoles1795300002000 implements MigrationInterface {
  name = 'CreateUsersAndRoles1795300002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        email text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        permissions text[] NOT NULL DEFAULT '{}',
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        tokens_valid_after timestamptz
      )`);
    // Uniqueness is case-insensitive: the index, not a pre-check, is what makes it race-safe.
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS users_username_lower_key ON users (lower(username))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS users_email_lower_key ON users (lower(email))`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS roles (
        name text PRIMARY KEY,
        permissions text[] NOT NULL DEFAULT '{}',
        description text
      )`);
    await queryRunner.query(
      `INSERT INTO roles (name, permissions, description) VALUES
         ('admin', $1::text[], 'Every administrative permission'),
         ('user', '{}', 'A registered user; no administrative permission')
       ON CONFLICT (name) DO NOTHING`,
      [ADMIN_PERMISSIONS],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS roles`);
    await queryRunner.query(`DROP TABLE IF EXISTS users`);
  }
}
