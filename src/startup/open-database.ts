import { AppConfig } from '../config';
import { describeDatabaseUrl } from '../database/data-source-options';
import { waitForDatabase } from '../database/database-probe';
import { startLocalDatabase } from '../database/local-database';
import { Lifecycle } from './lifecycle';

interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * The database the service will use: DATABASE_URL once it answers, or DATA_DIR's embedded
 * server, stopped last when the process stops (even if a signal arrives while it starts).
 */
export async function openDatabase(
  config: AppConfig,
  log: Log,
  lifecycle: Lifecycle,
): Promise<string> {
  if (config.databaseUrl) {
    await waitForDatabase(config.databaseUrl, log, { signal: lifecycle.signal });
    log.info(`Using database ${describeDatabaseUrl(config.databaseUrl)}`);
    return config.databaseUrl;
  }
  const starting = startLocalDatabase(
    config.dataDir,
    { log: (message) => log.info(message), warn: (message) => log.warn(message) },
    lifecycle.signal,
  );
  lifecycle.onStop(async () => {
    const database = await starting.catch(() => undefined);
    if (!database) return;
    await database.stop();
    log.info('Embedded PostgreSQL stopped; data kept for the next start');
  });
  const database = await starting;
  log.info(`Using database ${describeDatabaseUrl(database.url)} (embedded)`);
  return database.url;
}
