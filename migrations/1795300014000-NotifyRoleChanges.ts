import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to `roles` is announced on the `warden_roles` channel (ROLES_CHANNEL), so every
 * replica's copy of the table is forgotten as soon as the change commits (PostgreSQL delivers a
 * NOTIFY on commit only): a role stripped of a permission stops granting it on every replica at
 * once. One statement-level trigger for INSERT, UPDATE, DELETE and TRUNCATE: the cache holds
 * the whole table, so any change, a new role included, forgets it whole. A trigger rather than
 * the service's code, because an operator may change roles in SQL.
 */
export class NotifyRoleChanges1795300014000 implements MigrationInterface {
  name = 'NotifyRoleChanges1795300014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION warden_notify_role_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('warden_roles', '*');
        RETURN NULL;
      END
      $$`);
    // DROP, then CREATE: CREATE OR REPLACE TRIGGER needs PostgreSQL 14.
    await queryRunner.query(`DROP TRIGGER IF EXISTS roles_notify_change ON roles`);
    await queryRunner.query(`
      CREATE TRIGGER roles_notify_change
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
        FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_role_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS roles_notify_change ON roles`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS warden_notify_role_change()`);
  }
}
