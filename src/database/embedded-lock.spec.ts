import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearStaleLock, isPostgresServer, isRunning, lockHolderOf } from './embedded-lock';

describe(clearStaleLock.name, () => {
  let dir: string;
  const logger = { log: jest.fn() };
  const lockFile = (): string => join(dir, 'postmaster.pid');
  const goneProcessId = (): number => spawnSync(process.execPath, ['-e', '']).pid ?? 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-lock-'));
    logger.log.mockClear();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has nothing to do without a lock file', async () => {
    await expect(clearStaleLock(dir, logger)).resolves.toBeUndefined();
    expect(logger.log).not.toHaveBeenCalled();
  });

  it('removes a lock file whose server is gone, in one line', async () => {
    const pid = goneProcessId();
    writeFileSync(lockFile(), `${pid}\n${dir}\n`);

    await expect(clearStaleLock(dir, logger)).resolves.toBeUndefined();

    expect(existsSync(lockFile())).toBe(false);
    expect(logger.log).toHaveBeenCalledWith(
      `Removed a stale ${lockFile()} (its server, pid ${pid}, is gone)`,
    );
  });

  if (process.platform === 'linux') {
    it('treats a pid reused by another program as gone', async () => {
      writeFileSync(lockFile(), `${process.pid}\n`);

      await expect(lockHolderOf(dir)).resolves.toBeUndefined();
      await expect(clearStaleLock(dir, logger)).resolves.toBeUndefined();
      expect(existsSync(lockFile())).toBe(false);
    });
  }

  it('tells a live process from a gone one', () => {
    expect(isRunning(process.pid)).toBe(true);
    expect(isRunning(goneProcessId())).toBe(false);
    expect(isPostgresServer(goneProcessId())).toBe(false);
  });
});
