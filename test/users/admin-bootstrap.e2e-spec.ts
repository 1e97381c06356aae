import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { parseConfig } from '../../src/config';
import { ADMIN_PERMISSIONS } from '../../src/users/permissions';
import { UsersService } from '../../src/users/users.service';
import { TEST_ENV } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

// Replicas of one deployment share their key-encryption key.
const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');
const ADMIN_ENV = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'bootstrap-secret-1' };

/** A replica: the real module graph on a shared database, without an HTTP server. */
async function startReplica(
  databaseUrl: string,
  env: Record<string, string>,
): Promise<INestApplicationContext> {
  const config = parseConfig({
    ...TEST_ENV,
    KEY_ENCRYPTION_KEY,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  return app.init();
}

describe('Admin bootstrap', () => {
  let database: { url: string; drop: () => Promise<void> };
  const replicas: INestApplicationContext[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await database.drop();
  });

  it('creates exactly one admin when two replicas start together on one database', async () => {
    replicas.push(
      ...(await Promise.all([
        startReplica(database.url, ADMIN_ENV),
        startReplica(database.url, ADMIN_ENV),
      ])),
    );

    const rows = await query<{ username: string; roles: string[]; password_hash: string }>(
      database.url,
      `SELECT username, roles, password_hash FROM users WHERE lower(username) = 'root'`,
    );

    expect(rows).toHaveLength(1);
    expect(rows[0].roles).toEqual(['admin']);
    expect(rows[0].password_hash).toMatch(/^\$2b\$04\$/);
  });

  it('gives the admin every administrative permission through its role', async () => {
    const admin = await replicas[0].get(UsersService).findByUsername('ROOT');

    expect(admin?.permissions).toEqual([...ADMIN_PERMISSIONS].sort());
  });

  it('leaves an existing admin alone on the next start', async () => {
    const before = await query<{ password_hash: string }>(
      database.url,
      `SELECT password_hash FROM users`,
    );

    replicas.push(
      await startReplica(database.url, { ...ADMIN_ENV, ADMIN_PASSWORD: 'another-secret-2' }),
    );
    const after = await query<{ password_hash: string }>(
      database.url,
      `SELECT password_hash FROM users`,
    );

    expect(after).toEqual(before);
  });

  it('records the creation once in the audit trail', async () => {
    const rows = await query(
      database.url,
      `SELECT actor FROM audit_events WHERE type = 'user.created'`,
    );

    expect(rows).toEqual([{ actor: 'system' }]);
  });
});

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
