import { createHash } from 'node:crypto';
import { existsSync, readFileSync, Stats } from 'node:fs';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readFile,
  realpath,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { PostgresUser } from './embedded-binaries';
import { EmbeddedDatabaseError } from './embedded-database.errors';

const POINTER_FILE = 'pg.location';
/** A moved cluster is always `<root>/warden-<hash>/pg`: the pointer is never trusted further. */
const RELOCATED = /\/warden-[0-9a-f]{16}\/pg$/;

export function pointerFileOf(dataDir: string): string {
  return join(dataDir, POINTER_FILE);
}

/** The cluster DATA_DIR's pointer file names, when the cluster was moved out of DATA_DIR. */
export function relocatedClusterOf(dataDir: string): string | undefined {
  try {
    const dir = readFileSync(pointerFileOf(dataDir), 'utf8').trim();
    return RELOCATED.test(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where DATA_DIR's embedded cluster lives: `DATA_DIR/pg`, unless we are root and the server's
 * user, `postgres`, cannot reach it (a checkout under /root, or under any `mktemp -d`). Then it
 * lives in a directory that `postgres` owns (under its home, else /var/tmp), named after the
 * real DATA_DIR and recorded in DATA_DIR/pg.location, where every later start and `dev:reset`
 * find it.
 */
export async function clusterDirFor(
  dataDir: string,
  user: PostgresUser,
  logger: { log(message: string): void },
): Promise<string> {
  const preferred = join(dataDir, 'pg');
  if (user.uid === undefined) return preferred;
  const pointer = pointerFileOf(dataDir);
  const recorded = relocatedClusterOf(dataDir);
  if (recorded) {
    if (!existsSync(dirname(recorded))) await ownPrivateDirectory(dirname(recorded), user);
    logger.log(`The embedded cluster of ${dataDir} lives in ${recorded} (recorded in ${pointer})`);
    return recorded;
  }
  await mkdir(dataDir, { recursive: true });
  const blocked = await firstBlockedDirectory(dataDir, user);
  if (blocked === undefined) return preferred;
  if (existsSync(join(preferred, 'PG_VERSION'))) {
    throw EmbeddedDatabaseError.unreachable(preferred, blocked, `${blocked} is closed to it`);
  }
  const base = join(await relocationRoot(user), `warden-${await hashOf(dataDir)}`);
  try {
    // No pointer: whatever is there was left by an earlier DATA_DIR at this path, since deleted.
    await rm(base, { recursive: true, force: true });
    await ownPrivateDirectory(base, user);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw EmbeddedDatabaseError.unreachable(
      preferred,
      blocked,
      `${blocked} is closed to it, and ${base} cannot be used instead: ${reason}`,
    );
  }
  await writeFile(pointer, `${join(base, 'pg')}\n`, { mode: 0o644 });
  logger.log(
    `The postgres user cannot enter ${blocked}: the embedded cluster of ${dataDir} lives in ` +
      `${join(base, 'pg')} instead (recorded in ${pointer})`,
  );
  return join(base, 'pg');
}

/** What DATA_DIR's embedded database consists of, wherever it lives (for `dev:reset`). */
export function embeddedFilesOf(dataDir: string): string[] {
  const relocated = relocatedClusterOf(dataDir);
  const cluster = (dir: string): string[] => [
    dir,
    `${dir}.password`,
    `${dir}.initdb`,
    join(dirname(dir), `.${basename(dir)}.initdb-password`),
  ];
  return [
    ...(relocated ? [...cluster(relocated), dirname(relocated)] : []),
    ...cluster(join(dataDir, 'pg')),
    pointerFileOf(dataDir),
  ].filter((path) => existsSync(path));
}

/** The first directory on the way to `dir` (itself included) whose mode bars `user`. */
async function firstBlockedDirectory(dir: string, user: PostgresUser): Promise<string | undefined> {
  const path: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    path.unshift(current);
    if (current === parse(current).root) break;
  }
  for (const directory of path) {
    if (!mayTraverse(await stat(directory), user)) return directory;
  }
  return undefined;
}

function mayTraverse({ mode, uid, gid }: Stats, user: PostgresUser): boolean {
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/** The postgres user's home when it owns one (persistent), else /var/tmp (kept across reboots). */
async function relocationRoot(user: PostgresUser): Promise<string> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const home = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => Number(fields[2]) === user.uid)?.[5];
  if (home && (await stat(home).catch(() => undefined))?.uid === user.uid) return home;
  return existsSync('/var/tmp') ? '/var/tmp' : tmpdir();
}

async function hashOf(dataDir: string): Promise<string> {
  const real = await realpath(dataDir);
  return createHash('sha256').update(real).digest('hex').slice(0, 16);
}

/** Created here, by us, as a real directory only `postgres` may enter: never a planted one. */
async function ownPrivateDirectory(dir: string, user: PostgresUser): Promise<void> {
  await mkdir(dir, { mode: 0o700 });
  const created = await lstat(dir);
  if (!created.isDirectory()) throw new Error(`${dir} is not a directory`);
  await chown(dir, user.uid ?? created.uid, user.gid ?? created.gid);
  await chmod(dir, 0o700);
}
