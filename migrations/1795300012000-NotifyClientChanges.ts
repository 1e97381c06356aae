import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to `clients` is announced on the `warden_clients` channel (CLIENTS_CHANNEL), the
 * changed client's id as payload, so every replica's client cache forgets it as soon as the
 * change commits (PostgreSQL delivers a NOTIFY on commit only). A trigger rather than the
 * service's code, because not every change goes through the service: `is_active` has no API
 * and is switched off in SQL, and an operator may fix a row by hand. TRUNCATE says `*`: forget
 * every client. An insert needs no word: the cache never holds a client it did not find.
 */
export class NotifyClientChanges1795300012000 implements MigrationInterface {
  name = 'NotifyClientChanges1795300012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION warden_notify_client_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('warden_clients', '*');
        ELSE
          PERFORM pg_notify('warden_clients', OLD.client_id);
        END IF;
        RETURN NULL;
      END
      $$`);
    // DROP, then CREATE: CREATE OR REPLACE TRIGGER needs PostgreSQL 14.
    await queryRunner.query(`DROP TRIGGER IF EXISTS clients_notify_change ON clients`);
    await queryRunner.query(`
      CREATE TRIGGER clients_notify_change
        AFTER UPDATE OR DELETE ON clients
        FOR EACH ROW EXECUTE FUNCTION warden_notify_client_change()`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS clients_notify_truncate ON clients`);
    await queryRunner.query(`
      CREATE TRIGGER clients_notify_truncate
        AFTER TRUNCATE ON clients
        FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_client_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS clients_notify_truncate ON clients`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS clients_notify_change ON clients`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS warden_notify_client_change()`);
  }
}
