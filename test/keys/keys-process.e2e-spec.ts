import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptPrivateKey } from '../../src/keys/key-encryption';
import { ServiceProcess, startService } from '../support/service-process';
import { TEST_ENV } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { newEncryptionKey, readKeyRows } from './key-services';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'keys', 'keys-cli.js');
const LISTENING = /Warden is listening/;

interface CliRun {
  code: number;
  output: string;
}

/** Runs the compiled keys CLI (what `npm run keys:*` runs) with a complete environment. */
function runCli(command: string, env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, command],
      { env: { PATH: process.env.PATH ?? '', ...TEST_ENV, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
    child.stdin?.end(stdin);
  });
}

describe('Keys (compiled service and CLI)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  const outputs: string[] = [];
  const running: ServiceProcess[] = [];
  const env = (key: Buffer): Record<string, string> => ({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    KEY_ENCRYPTION_KEY: key.toString('base64'),
  });
  const start = async (key: Buffer): Promise<ServiceProcess> => {
    const service = await startService(env(key));
    running.push(service);
    return service;
  };
  const cli = async (command: string, key: Buffer, stdin?: string): Promise<CliRun> => {
    const run = await runCli(command, env(key), stdin);
    outputs.push(run.output);
    return run;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'warden-keys-'));
  });
  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL')));
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const keyA = newEncryptionKey();
  const keyB = newEncryptionKey();

  it('starts, creating its first keys, and is ready', async () => {
    const service = await start(keyA);
    await service.waitFor(LISTENING);

    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
    expect(await service.stop('SIGTERM')).toBe(0);
    outputs.push(service.output());
    expect((await readKeyRows(database.url)).map((row) => row.status).sort()).toEqual([
      'active',
      'next',
    ]);
  });

  it('rotates from the CLI', async () => {
    const run = await cli('rotate', keyA);

    expect(run).toMatchObject({ code: 0, output: expect.stringMatching(/Rotated: active /) });
    expect((await readKeyRows(database.url)).map((row) => row.status).sort()).toEqual([
      'active',
      'next',
      'retiring',
    ]);
  });

  it('refuses to rotate with the wrong KEY_ENCRYPTION_KEY, adding no key', async () => {
    const run = await cli('rotate', keyB);

    expect(run.code).toBe(1);
    expect(run.output).toContain('cannot be decrypted with the configured KEY_ENCRYPTION_KEY');
    expect(await readKeyRows(database.url)).toHaveLength(3);
  });

  it('stops start-up cleanly with the wrong KEY_ENCRYPTION_KEY, generating nothing', async () => {
    const service = await start(keyB);

    expect(await service.exited).toBe(1);
    outputs.push(service.output());
    expect(service.output()).toContain('Warden failed to start');
    expect(service.output()).toContain(
      'cannot be decrypted with the configured KEY_ENCRYPTION_KEY',
    );
    expect(service.output()).not.toMatch(LISTENING);
    expect(await readKeyRows(database.url)).toHaveLength(3);
  });

  it('re-encrypts every key under a new KEY_ENCRYPTION_KEY read from stdin', async () => {
    const run = await cli('rewrap', keyA, `${keyB.toString('base64')}\n`);
    expect(run).toMatchObject({
      code: 0,
      output: expect.stringContaining('Re-encrypted 3 key(s)'),
    });

    const withOldKey = await start(keyA);
    expect(await withOldKey.exited).toBe(1);
    outputs.push(withOldKey.output());
    const withNewKey = await start(keyB);
    await withNewKey.waitFor(LISTENING);
    expect((await fetch(`${withNewKey.baseUrl}/health/ready`)).status).toBe(200);
    expect(await withNewKey.stop('SIGTERM')).toBe(0);
    outputs.push(withNewKey.output());
  });

  it('never wrote private key material to any output', async () => {
    const everything = outputs.join('\n');
    const rows = await readKeyRows(database.url);

    expect(everything).not.toContain(keyA.toString('base64'));
    expect(everything).not.toContain(keyB.toString('base64'));
    for (const row of rows) {
      const der = decryptPrivateKey(row.private_key_enc, keyB, row.kid);
      const { d } = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({
        format: 'jwk',
      });
      expect(everything).not.toContain(d);
      expect(everything).not.toContain(der.toString('base64').slice(40, 120));
    }
  });
});
