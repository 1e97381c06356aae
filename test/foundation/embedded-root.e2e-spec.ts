import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startServicePerTest } from '../support/service-process';
import {
  clusterDirOf,
  LISTENING,
  postgresProcessesFor,
  publishedKids,
  removeDataDir,
  STACK_LINE,
  tempDataDir,
} from './local-data-dir';

// As root the embedded server runs as the `postgres` user; as anyone else it runs as that user
// itself and can always reach its data, so there is nothing to test.
const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe('The embedded database of a DATA_DIR only root may enter (needs root, skipped otherwise)', () => {
  const start = startServicePerTest();
  const dataDirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dataDirs.splice(0).map((dataDir) => removeDataDir(dataDir)));
  });

  asRoot('keeps the cluster where postgres can reach it, says so, and restarts on it', async () => {
    const dataDir = await tempDataDir(0o700);
    dataDirs.push(dataDir);

    const first = await start({ DATA_DIR: dataDir });
    await first.waitFor(LISTENING, 45000);
    expect((await fetch(`${first.baseUrl}/health/ready`)).status).toBe(200);
    const clusterDir = clusterDirOf(dataDir);
    expect(clusterDir).not.toBe(join(dataDir, 'pg'));
    expect(first.output()).toContain(
      `The postgres user cannot enter ${dirname(dataDir)}: the embedded cluster of ${dataDir} ` +
        `lives in ${clusterDir} instead (recorded in ${join(dataDir, 'pg.location')})`,
    );
    const kids = await publishedKids(first.baseUrl);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(postgresProcessesFor(clusterDir)).toEqual([]);

    const second = await start({ DATA_DIR: dataDir });
    await second.waitFor(LISTENING, 45000);
    await second.waitFor(/Database schema is up to date/, 5000);
    expect(await publishedKids(second.baseUrl)).toEqual(kids);
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(postgresProcessesFor(clusterDir)).toEqual([]);
  });

  asRoot(
    'names the path and the fix in one line when a cluster already there is out of reach',
    async () => {
      const dataDir = await tempDataDir(0o700);
      dataDirs.push(dataDir);
      // A cluster made while the parent was open, then closed: moving it would lose its data.
      await mkdir(join(dataDir, 'pg'), { recursive: true });
      await writeFile(join(dataDir, 'pg', 'PG_VERSION'), '18\n');

      const service = await start({ DATA_DIR: dataDir });

      expect(await service.exited).toBe(1);
      const lines = service.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `the postgres user cannot reach ${join(dataDir, 'pg')} (${dirname(dataDir)} is closed to it): ` +
          `run chmod o+x ${dirname(dataDir)}`,
      );
      expect(service.output()).not.toMatch(STACK_LINE);
    },
  );
});
