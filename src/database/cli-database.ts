import { AppConfig } from '../config';
import { openLocalDatabase } from './local-database';

export interface CliDatabase {
  url: string;
  /** Stops the embedded server if the command started it. */
  close(): Promise<void>;
}

/**
 * The database a command-line tool works on, the service's own: DATABASE_URL, or DATA_DIR's
 * embedded server, that of the running `npm start` when there is one, else one started for
 * the command.
 */
export async function openCliDatabase(
  config: AppConfig,
  say: (message: string) => void,
): Promise<CliDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: () => Promise.resolve() };
  const database = await openLocalDatabase(config.dataDir, { log: say, warn: say });
  return { url: database.url, close: () => database.stop() };
}
