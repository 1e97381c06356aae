import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedFilesOf, pointerFileOf, relocatedClusterOf } from './embedded-location';
import { forgetRunning, readRunning, recordRunning, registryFileOf } from './embedded-registry';

describe('DATA_DIR records of the embedded database', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'warden-registry-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('records the running server for the CLIs (mode 0600) and forgets it on stop', () => {
    const entry = { pid: 10, postgresPid: 11, port: 5433, clusterDir: join(dataDir, 'pg') };

    recordRunning(dataDir, entry);

    expect(readRunning(dataDir)).toEqual(entry);
    expect(statSync(registryFileOf(dataDir)).mode & 0o777).toBe(0o600);
    forgetRunning(dataDir);
    expect(readRunning(dataDir)).toBeUndefined();
  });

  it('ignores a record that is not one', () => {
    writeFileSync(registryFileOf(dataDir), '{"pid":"x"}');
    expect(readRunning(dataDir)).toBeUndefined();
    writeFileSync(registryFileOf(dataDir), 'not json');
    expect(readRunning(dataDir)).toBeUndefined();
  });

  it('follows a pointer only to a cluster Warden moved, never elsewhere', () => {
    const moved = '/var/tmp/warden-0123456789abcdef/pg';
    writeFileSync(pointerFileOf(dataDir), `${moved}\n`);
    expect(relocatedClusterOf(dataDir)).toBe(moved);

    writeFileSync(pointerFileOf(dataDir), '/etc\n');
    expect(relocatedClusterOf(dataDir)).toBeUndefined();
  });

  it('lists what dev:reset deletes: the cluster, its password and the pointer, as present', () => {
    writeFileSync(join(dataDir, 'pg.password'), 'x\n');
    writeFileSync(pointerFileOf(dataDir), '/nonexistent/warden-0123456789abcdef/pg\n');

    expect(embeddedFilesOf(dataDir).sort()).toEqual(
      [join(dataDir, 'pg.password'), pointerFileOf(dataDir)].sort(),
    );
  });
});
