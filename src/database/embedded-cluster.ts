import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { PostgresBinaries, PostgresUser } from './embedded-binaries';
import { EmbeddedDatabaseError } from './embedded-database.errors';

/** The superuser's password of a cluster, kept beside it (`pg` → `pg.password`), mode 0600. */
export function passwordFileOf(clusterDir: string): string {
  return join(dirname(clusterDir), `${basename(clusterDir)}.password`);
}

export async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dirname(file), { recursive: true });
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export function embeddedUrl(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/**
 * `initdb` as the server's user, with the superuser's password read from a file only that user
 * can read (never on a command line). It works in a staging directory renamed into place once
 * complete, so an interrupted first start (Ctrl-C, a kill) leaves nothing half-made behind.
 */
export async function initialiseCluster(
  dir: string,
  password: string,
  binaries: PostgresBinaries,
  user: PostgresUser,
  signal?: AbortSignal,
): Promise<void> {
  await removeIfEmpty(dir);
  const staging = `${dir}.initdb`;
  const passwordFile = join(dirname(dir), `.${basename(dir)}.initdb-password`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user.uid !== undefined && user.gid !== undefined) {
      await chown(staging, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    await chmod(binaries.initdb, 0o755).catch(() => undefined);
    await runToCompletion(
      binaries.initdb,
      [
        `--pgdata=${staging}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        '--encoding=UTF8',
      ],
      // The working directory is one the server's user can enter, whatever ours is.
      { ...user, cwd: dirname(dir), env: { LC_MESSAGES: 'C', LC_ALL: 'C' } },
      signal,
    ).catch((error: unknown) => {
      if (signal?.aborted) throw signal.reason;
      const output = error instanceof Error ? error.message : String(error);
      throw EmbeddedDatabaseError.failed(`initdb failed in ${dir}`, output);
    });
    await rename(staging, dir);
  } finally {
    await rm(passwordFile, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** An empty directory (an earlier start that failed early) is no obstacle; a foreign one is. */
async function removeIfEmpty(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  if ((await readdir(dir)).length > 0) throw EmbeddedDatabaseError.notACluster(dir);
  await rm(dir, { recursive: true });
}

/** The server process, and a promise settled once it accepts connections or has exited. */
export interface SpawnedServer {
  server: ChildProcess;
  ready: Promise<void>;
}

/**
 * Spawns the server in its own process group, so a Ctrl-C in the terminal reaches Warden
 * first and Warden stops PostgreSQL last, after closing its pool.
 */
export function spawnPostgres(
  dir: string,
  port: number,
  binary: string,
  user: PostgresUser,
  signal?: AbortSignal,
): SpawnedServer {
  const server = spawn(
    binary,
    [
      ...['-D', dir, '-p', String(port)],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'max_connections=200'],
      // The first change of a page after a checkpoint writes the whole page to the WAL; refresh
      // tokens' random-keyed indexes make most changes such a first one on a large table, so
      // compressing those pages shrinks what each refresh writes and waits to flush.
      ...['-c', 'wal_compression=on'],
    ],
    {
      ...user,
      cwd: dirname(dir),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // A minimal, explicit environment: the server needs nothing of ours, and English messages
      // are what the readiness check looks for.
      env: { LC_MESSAGES: 'C' },
    },
  );
  const ready = new Promise<void>((resolveStart, rejectStart) => {
    let output = '';
    const abort = (): void => void server.kill('SIGINT');
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (!output.includes('database system is ready to accept connections')) return;
      server.stderr?.off('data', onData);
      server.stderr?.resume();
      signal?.removeEventListener('abort', abort);
      resolveStart();
    };
    server.stderr?.on('data', onData);
    signal?.addEventListener('abort', abort, { once: true });
    server.once('error', (error) => rejectStart(error));
    server.once('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      rejectStart(
        signal?.aborted
          ? (signal.reason as Error)
          : EmbeddedDatabaseError.failed(`embedded PostgreSQL exited with code ${code}`, output),
      );
    });
  });
  return { server, ready };
}

export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', rejectPort);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Runs a program to its end, rejecting with what it wrote to stderr. An abort sends SIGTERM and
 * still waits for the exit, so nothing is cleaned up under a program that is still writing.
 */
function runToCompletion(
  binary: string,
  args: string[],
  options: SpawnOptions,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(binary, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const abort = (): void => void child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.once('error', rejectRun);
    child.once('close', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (code === 0) resolveRun();
      else rejectRun(new Error(stderr.trim() || `exited with ${killedBy ?? `code ${code}`}`));
    });
  });
}
