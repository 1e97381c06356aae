import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { parseConfig } from '../../src/config';
import { Client } from 'pg';
import { createTestApp, TEST_ENV, TestApp } from '../support/test-app';
import {
  authedPost,
  loginOk,
  me,
  refresh,
  registeredAccount,
  SESSION_ENV,
} from './session.fixtures';

/** A second replica of `primary`: same database, same key encryption key, its own port. */
async function startReplica(primary: TestApp, env: Record<string, string>): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-replica-'));
  const config = parseConfig({
    ...TEST_ENV,
    ...env,
    DATA_DIR: dataDir,
    KEY_ENCRYPTION_KEY: (primary.config.keys.encryptionKey as Buffer).toString('base64'),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl: primary.databaseUrl })],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
    logger: false,
    abortOnError: false,
  });
  await configureApp(app, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    config,
    baseUrl,
    databaseUrl: primary.databaseUrl,
    request: (path, init) => fetch(`${baseUrl}${path}`, init),
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Polls until `check` holds or the deadline passes; returns the elapsed milliseconds. */
async function within(deadlineMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > deadlineMs) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

describe('revocation across replicas', () => {
  const env = { ...SESSION_ENV, KEY_RELOAD_INTERVAL: '2' };
  // The stated bound: at once by NOTIFY, at worst KEY_RELOAD_INTERVAL seconds by polling.
  const bound = 2000 + 1000;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await createTestApp(env);
    second = await startReplica(first, env);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('a logout on one replica is refused by the other within the bound', async () => {
    const pair = await loginOk(first, await registeredAccount(first));
    expect((await me(second, pair.access_token)).status).toBe(200);

    expect((await authedPost(first, '/auth/logout', pair.access_token)).status).toBe(200);

    await within(bound, async () => (await me(second, pair.access_token)).status === 401);
    expect((await refresh(second, pair.refresh_token)).status).toBe(401);
  });

  it('a password change on one replica refuses old tokens on the other within the bound', async () => {
    const who = await registeredAccount(first);
    const pair = await loginOk(second, who);
    expect((await me(second, pair.access_token)).status).toBe(200);

    const change = await authedPost(first, '/auth/password', pair.access_token, {
      currentPassword: who.password,
      newPassword: `${who.password} v2`,
    });
    expect(change.status).toBe(204);

    await within(bound, async () => (await me(second, pair.access_token)).status === 401);
  });

  it('survives losing its LISTEN connection: revocations still arrive within the bound', async () => {
    const pair = await loginOk(first, await registeredAccount(first));
    const admin = new Client({ connectionString: first.databaseUrl });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'warden-revocations-listener' AND datname = current_database()`,
      );
    } finally {
      await admin.end();
    }

    expect((await authedPost(first, '/auth/logout', pair.access_token)).status).toBe(200);

    await within(bound, async () => (await me(second, pair.access_token)).status === 401);
    expect((await first.request('/health/live')).status).toBe(200);
    expect((await second.request('/health/live')).status).toBe(200);
  });
});
