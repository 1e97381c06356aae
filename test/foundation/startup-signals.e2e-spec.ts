import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ServiceProcess, startService } from '../support/service-process';
import {
  clusterDirOf,
  LISTENING,
  postgresProcessesFor,
  removeDataDir,
  STACK_LINE,
  tempDataDir,
} from './local-data-dir';

const EMBEDDED_STARTING = /DATABASE_URL is unset: starting embedded PostgreSQL/;

describe('Signals and locks around the embedded database (compiled entry point)', () => {
  const running: ServiceProcess[] = [];
  let dataDir: string;
  const start = async (): Promise<ServiceProcess> => {
    const service = await startService({ DATA_DIR: dataDir });
    running.push(service);
    return service;
  };
  const startAndServe = async (): Promise<ServiceProcess> => {
    const service = await start();
    await service.waitFor(LISTENING, 45000);
    return service;
  };
  beforeEach(async () => {
    dataDir = await tempDataDir();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
    await removeDataDir(dataDir);
  });

  it('stops the embedded server on a Ctrl-C during start-up, and the next start works', async () => {
    // First start: the signal lands while the cluster is being initialised.
    const initialising = await start();
    await initialising.waitFor(EMBEDDED_STARTING, 30000);
    expect(await initialising.stop('SIGINT')).toBe(130);
    expect(initialising.output()).toContain('SIGINT received during start-up');
    expect(initialising.output()).not.toMatch(STACK_LINE);
    expect(postgresProcessesFor(clusterDirOf(dataDir))).toEqual([]);
    expect(await readdir(dirname(clusterDirOf(dataDir)))).not.toContain('pg.initdb');

    await (await startAndServe()).stop('SIGTERM');

    // Later starts: the signal lands while the server starts or the migrations run.
    const restarting = await start();
    await restarting.waitFor(EMBEDDED_STARTING, 30000);
    expect(await restarting.stop('SIGTERM')).toBe(143);
    expect(restarting.output()).toContain('SIGTERM received during start-up');
    expect(postgresProcessesFor(clusterDirOf(dataDir))).toEqual([]);

    const last = await startAndServe();
    expect((await fetch(`${last.baseUrl}/health/ready`)).status).toBe(200);
    expect(await last.stop('SIGINT')).toBe(0);
  }, 120000);

  it('removes a postmaster.pid whose server is gone, saying so', async () => {
    await (await startAndServe()).stop('SIGTERM');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const lockFile = join(clusterDirOf(dataDir), 'postmaster.pid');
    await writeFile(lockFile, `${gone}\n${clusterDirOf(dataDir)}\n`);

    const service = await startAndServe();

    expect(service.output()).toContain(
      `Removed a stale ${lockFile} (its server, pid ${gone}, is gone)`,
    );
    expect(await service.stop('SIGTERM')).toBe(0);
  }, 90000);

  it('stops a server left running by a Warden killed outright, then starts', async () => {
    const killed = await startAndServe();
    await killed.stop('SIGKILL');
    const [orphan] = postgresProcessesFor(clusterDirOf(dataDir));
    expect(orphan).toBeDefined();

    const service = await startAndServe();

    expect(service.output()).toContain(
      `Stopping the embedded PostgreSQL (pid ${orphan}) left running by Warden pid ${killed.process.pid}`,
    );
    expect(await service.stop('SIGTERM')).toBe(0);
    expect(postgresProcessesFor(clusterDirOf(dataDir))).toEqual([]);
  }, 90000);

  it('refuses a second Warden on the same DATA_DIR in one line, leaving the first serving', async () => {
    const first = await startAndServe();

    const second = await start();

    expect(await second.exited).toBe(1);
    const lines = second.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `another Warden is using ${clusterDirOf(dataDir)} (pid ${first.process.pid})`,
    );
    expect((await fetch(`${first.baseUrl}/health/ready`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'pg.json'))).toBe(true);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(dataDir, 'pg.json'))).toBe(false);
  }, 90000);
});
