import { readFile } from 'node:fs/promises';
import { postgresUser } from './embedded-binaries';
import { embeddedUrl, passwordFileOf } from './embedded-cluster';
import { EmbeddedDatabase, EmbeddedDatabaseLogger } from './embedded-database';
import { EmbeddedDatabaseError } from './embedded-database.errors';
import { clusterDirFor } from './embedded-location';
import { isPostgresServer, isRunning, stopServer } from './embedded-lock';
import { forgetRunning, readRunning, recordRunning, RunningEmbedded } from './embedded-registry';

/** The embedded database of a process given no DATABASE_URL: the one under DATA_DIR. */
export interface LocalDatabase {
  url: string;
  clusterDir: string;
  /** Stops the server if this process started it; a shared one is left running. */
  stop(): Promise<void>;
}

/**
 * Starts DATA_DIR's embedded server for this process and records it in DATA_DIR/pg.json until
 * it stops. Refused in one line when another live Warden holds it; a server left running by a
 * Warden that is gone (killed with SIGKILL) is stopped first.
 */
export async function startLocalDatabase(
  dataDir: string,
  logger: EmbeddedDatabaseLogger,
  signal?: AbortSignal,
): Promise<LocalDatabase> {
  signal?.throwIfAborted();
  const running = readRunning(dataDir);
  if (running && running.pid !== process.pid && isRunning(running.pid)) {
    throw EmbeddedDatabaseError.inUse(running.clusterDir, running.pid);
  }
  if (running) await stopOrphan(dataDir, running, logger);
  const clusterDir = await clusterDirFor(dataDir, await postgresUser(), logger);
  signal?.throwIfAborted();
  logger.log(`DATABASE_URL is unset: starting embedded PostgreSQL in ${clusterDir}`);
  const database = await EmbeddedDatabase.start(clusterDir, logger, { signal });
  recordRunning(dataDir, {
    pid: process.pid,
    postgresPid: database.pid,
    port: database.port,
    clusterDir,
  });
  const forget = (): void => forgetRunning(dataDir);
  process.once('exit', forget);
  return {
    url: database.url,
    clusterDir,
    stop: async () => {
      process.removeListener('exit', forget);
      forget();
      await database.stop();
    },
  };
}

/**
 * For the command-line tools: the server of the Warden running on DATA_DIR when there is one
 * (they work beside it, as replicas do), else one started for the command.
 */
export async function openLocalDatabase(
  dataDir: string,
  logger: EmbeddedDatabaseLogger,
): Promise<LocalDatabase> {
  const running = readRunning(dataDir);
  if (running && isRunning(running.pid) && isPostgresServer(running.postgresPid)) {
    logger.log(
      `Using the embedded PostgreSQL of the running Warden (pid ${running.pid}) on port ${running.port}`,
    );
    const password = (await readFile(passwordFileOf(running.clusterDir), 'utf8')).trim();
    return {
      url: embeddedUrl(password, running.port),
      clusterDir: running.clusterDir,
      stop: () => Promise.resolve(),
    };
  }
  return startLocalDatabase(dataDir, logger);
}

async function stopOrphan(
  dataDir: string,
  running: RunningEmbedded,
  logger: EmbeddedDatabaseLogger,
): Promise<void> {
  if (isPostgresServer(running.postgresPid, running.clusterDir)) {
    logger.warn(
      `Stopping the embedded PostgreSQL (pid ${running.postgresPid}) left running by ` +
        `Warden pid ${running.pid}, which is gone`,
    );
    await stopServer(running.postgresPid);
  }
  forgetRunning(dataDir);
}
