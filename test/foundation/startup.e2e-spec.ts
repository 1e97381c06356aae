import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServicePerTest } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const LISTENING = /Warden is listening on http:\/\/127\.0\.0\.1:\d+/;

function postgresProcessesFor(dataDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(`-D ${dataDir}`));
}

describe('Starting the service (compiled entry point)', () => {
  const start = startServicePerTest();

  it('stops on a bad config value with one line per problem and no stack trace', async () => {
    const service = await start({ ACCESS_TOKEN_TTL: 'abc', SIGNING_ALG: 'none' });

    expect(await service.exited).toBe(1);
    const output = service.output();
    expect(output).toContain('ACCESS_TOKEN_TTL must be a positive integer, got "abc"');
    expect(output).toContain('SIGNING_ALG must be one of');
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('uses the server named by DATABASE_URL, never logging its password', async () => {
    const database = await createTestDatabase();
    try {
      const service = await start({
        DATABASE_URL: database.url,
        KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      });
      await service.waitFor(LISTENING);

      const ready = await fetch(`${service.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      const password = new URL(database.url).password;
      expect(service.output()).toContain(
        `Using database postgres://postgres:***@127.0.0.1:${new URL(database.url).port}/`,
      );
      expect(service.output()).not.toContain(password);
      expect(service.output()).not.toContain('embedded');

      expect(await service.stop('SIGTERM')).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it('starts an embedded PostgreSQL when DATABASE_URL is unset, stops it on Ctrl-C and keeps the data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'warden-embedded-'));
    await chmod(dataDir, 0o755);
    try {
      const first = await start({ DATA_DIR: dataDir });
      await first.waitFor(LISTENING, 45000);
      expect((await fetch(`${first.baseUrl}/health/ready`)).status).toBe(200);
      await first.waitFor(/Applied \d+ migration/, 5000);

      expect(await first.stop('SIGINT')).toBe(0);
      expect(first.output()).toContain('Embedded PostgreSQL stopped');
      expect(postgresProcessesFor(join(dataDir, 'pg'))).toEqual([]);
      expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);

      const second = await start({ DATA_DIR: dataDir });
      await second.waitFor(LISTENING, 45000);
      await second.waitFor(/Database schema is up to date/, 5000);
      expect(await second.stop('SIGTERM')).toBe(0);
      expect(postgresProcessesFor(join(dataDir, 'pg'))).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
