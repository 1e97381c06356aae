import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceProcess, startService } from '../support/service-process';
import {
  clusterDirOf,
  LISTENING,
  postgresProcessesFor,
  publishedKids,
  removeDataDir,
  runCli,
  tempDataDir,
} from './local-data-dir';

describe('The CLIs on the embedded database (compiled CLIs and entry point)', () => {
  const running: ServiceProcess[] = [];
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await tempDataDir();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
    await removeDataDir(dataDir);
  });

  it('use the server of the running service, whose JWKS then shows the rotated key', async () => {
    const service = await startService({ DATA_DIR: dataDir });
    running.push(service);
    await service.waitFor(LISTENING, 45000);
    const before = await publishedKids(service.baseUrl);

    const rotation = await runCli('keys/keys-cli.js', ['rotate'], { DATA_DIR: dataDir });

    expect(rotation.code).toBe(0);
    expect(rotation.output).toContain(
      `Using the embedded PostgreSQL of the running Warden (pid ${service.process.pid})`,
    );
    const nextKid = /next (\S+),/.exec(rotation.output)?.[1];
    expect(before).not.toContain(nextKid);
    // The service reloads on the rotation's NOTIFY (KEY_RELOAD_INTERVAL is the backstop).
    await waitUntil(async () => (await publishedKids(service.baseUrl)).includes(nextKid!), 10000);

    const migration = await runCli('database/migration-cli.js', ['run'], { DATA_DIR: dataDir });
    expect(migration).toEqual({
      code: 0,
      output: expect.stringContaining('Nothing to apply: schema is up to date'),
    });
    const reset = await runCli('database/dev-reset-cli.js', ['--yes'], { DATA_DIR: dataDir });
    expect(reset).toEqual({
      code: 1,
      output: expect.stringContaining(
        `a Warden is running on ${dataDir} (pid ${service.process.pid}): stop it first`,
      ),
    });

    expect(await service.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(dataDir, 'pg.json'))).toBe(false);
  }, 90000);

  it('start the embedded server themselves when no service runs, and stop it after', async () => {
    const rotation = await runCli('keys/keys-cli.js', ['rotate'], { DATA_DIR: dataDir });

    expect(rotation.code).toBe(0);
    expect(rotation.output).toMatch(/Rotated: active \S+, next \S+/);
    expect(postgresProcessesFor(clusterDirOf(dataDir))).toEqual([]);
    expect(existsSync(join(dataDir, 'pg.json'))).toBe(false);
  }, 60000);
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
