import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../support/ports';
import { type ServiceProcess, startServicePerTest } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';
import { LISTENING, removeDataDir, runCli, STACK_LINE, tempDataDir } from './local-data-dir';

const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** Every line is one JSON object of the one logger: no second logger, no bare stack. */
function jsonLines(output: string): { level: number; msg: string }[] {
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

describe('One clear line for each start-up problem (compiled entry point)', () => {
  const start = startServicePerTest();

  describe('a port already in use', () => {
    let occupier: Server;
    let port: number;
    beforeEach(async () => {
      port = await freePort();
      occupier = createServer();
      await new Promise<void>((resolve) => occupier.listen(port, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => occupier.close(() => resolve())));

    it('is one line naming the port and the fix, before anything starts', async () => {
      const service = await start({
        PORT: String(port),
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
        KEY_ENCRYPTION_KEY,
      });

      expect(await service.exited).toBe(1);
      const lines = jsonLines(service.output());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 60,
        msg: `Warden failed to start: port ${port} is in use: set PORT`,
      });
      expect(service.output()).not.toContain('successfully started');
    });
  });

  it('shows the address actually bound, and localhost only for all interfaces', async () => {
    const database = await createTestDatabase();
    try {
      const service = await start({
        DATABASE_URL: database.url,
        KEY_ENCRYPTION_KEY,
        HOST: '0.0.0.0',
      });
      await service.waitFor(/Warden is listening on/);

      expect(service.output()).toContain(
        `Warden is listening on http://0.0.0.0:${service.port}, every IPv4 interface ` +
          `(from this machine: http://localhost:${service.port}, API docs: /docs)`,
      );
      expect(await service.stop('SIGTERM')).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it('retries an unreachable database a bounded number of times, one line each, then stops', async () => {
    const startedAt = Date.now();
    const service = await start({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
      KEY_ENCRYPTION_KEY,
    });

    expect(await service.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(15000);
    const lines = jsonLines(service.output());
    expect(lines.map((line) => line.msg)).toEqual([
      ...[1, 2, 3, 4].map((attempt): unknown =>
        expect.stringMatching(
          new RegExp(
            `^Database postgres://nobody@127\\.0\\.0\\.1:1/x not reachable \\(attempt ${attempt}/5: .*ECONNREFUSED`,
          ),
        ),
      ),
      expect.stringMatching(
        /^Warden failed to start: cannot reach the database postgres:\/\/nobody@127\.0\.0\.1:1\/x after 5 attempts \(.*ECONNREFUSED.*\): check DATABASE_URL/,
      ),
    ]);
    expect(service.output()).not.toMatch(STACK_LINE);
  });

  it('stops at once, in one line, when the database refuses the credentials', async () => {
    const database = await createTestDatabase();
    try {
      const wrong = new URL(database.url);
      wrong.password = 'not-the-password';
      const service = await start({ DATABASE_URL: wrong.toString(), KEY_ENCRYPTION_KEY });

      expect(await service.exited).toBe(1);
      const lines = jsonLines(service.output());
      expect(lines).toHaveLength(1);
      expect(lines[0].msg).toMatch(/refused Warden: password authentication failed/);
      expect(service.output()).not.toContain('not-the-password');
    } finally {
      await database.drop();
    }
  });

  describe('a development key file deleted while the database holds keys', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await tempDataDir();
    });
    afterEach(() => removeDataDir(dataDir));

    it('says what happened and both ways out; npm run dev:reset is the second', async () => {
      const keyFile = join(dataDir, 'key-encryption.key');
      await (await startUntilListening(dataDir)).stop('SIGTERM');
      await rm(keyFile);

      const service = await start({ DATA_DIR: dataDir });

      expect(await service.exited).toBe(1);
      const fatal = service
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":60'))
        .map((line) => JSON.parse(line) as unknown);
      expect(fatal).toEqual([
        expect.objectContaining({
          msg:
            `Warden failed to start: ${keyFile} is missing, but the database holds signing keys ` +
            'encrypted with the key it held: restore the file from a backup, or delete the ' +
            'development data (users, clients, keys) with npm run dev:reset',
        }),
      ]);
      expect(service.output()).not.toMatch(STACK_LINE);
      // The file start-up made can decrypt nothing: gone, so the next start says the same.
      expect(existsSync(keyFile)).toBe(false);

      const unconfirmed = await runCli('database/dev-reset-cli.js', [], { DATA_DIR: dataDir });
      expect(unconfirmed).toEqual({
        code: 1,
        output: expect.stringContaining('run npm run dev:reset -- --yes'),
      });
      const realServer = await runCli('database/dev-reset-cli.js', ['--yes'], {
        DATA_DIR: dataDir,
        DATABASE_URL: 'postgres://warden@db.internal/warden',
      });
      expect(realServer).toEqual({
        code: 1,
        output: expect.stringContaining('DATABASE_URL is set: dev:reset only deletes'),
      });
      expect(existsSync(join(dataDir, 'pg'))).toBe(true);

      const reset = await runCli('database/dev-reset-cli.js', ['--yes'], { DATA_DIR: dataDir });
      expect(reset.code).toBe(0);
      expect(existsSync(join(dataDir, 'pg'))).toBe(false);

      const fresh = await startUntilListening(dataDir);
      expect(await fresh.stop('SIGTERM')).toBe(0);
    }, 90000);

    async function startUntilListening(dir: string): Promise<ServiceProcess> {
      const service = await start({ DATA_DIR: dir });
      await service.waitFor(LISTENING, 45000);
      return service;
    }
  });
});
