import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether a process with this pid exists (EPERM: it does, it belongs to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is a live PostgreSQL server (of `dir`, when given). Where /proc is missing
 * (macOS) a live pid is trusted; on Linux a pid reused by another program does not count.
 */
export function isPostgresServer(pid: number, dir?: string): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isRunning(pid)) return false;
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !isLinux();
  }
  return commandLine.includes('postgres') && (dir === undefined || commandLine.includes(dir));
}

const isLinux = (): boolean => process.platform === 'linux';

/** The server holding the cluster's `postmaster.pid`, when it is alive. */
export async function lockHolderOf(dir: string): Promise<number | undefined> {
  const pid = await lockFilePid(dir);
  return pid !== undefined && isPostgresServer(pid) ? pid : undefined;
}

/**
 * Clears a `postmaster.pid` whose server is gone (a power cut, a `kill -9`), saying so in one
 * line, so the next start never trips on it; returns the pid of a server that is still alive.
 */
export async function clearStaleLock(
  dir: string,
  logger: { log(message: string): void },
): Promise<number | undefined> {
  const pid = await lockFilePid(dir);
  if (pid === undefined) return undefined;
  if (isPostgresServer(pid)) return pid;
  await rm(join(dir, 'postmaster.pid'), { force: true });
  logger.log(`Removed a stale ${join(dir, 'postmaster.pid')} (its server, pid ${pid}, is gone)`);
  return undefined;
}

/** Fast shutdown (SIGINT) of a server we did not spawn, waiting up to `timeoutMs` for it. */
export async function stopServer(pid: number, timeoutMs = 15000): Promise<boolean> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return !isRunning(pid);
  }
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (!isRunning(pid)) return true;
    await sleep(100);
  }
  return !isRunning(pid);
}

/** PostgreSQL's lock file: its first line is the server's pid. */
async function lockFilePid(dir: string): Promise<number | undefined> {
  let content: string;
  try {
    content = await readFile(join(dir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  return Number.isSafeInteger(pid) ? pid : 0;
}
