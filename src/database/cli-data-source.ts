import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config';
import { openCliDatabase } from './cli-database';
import { dataSourceOptions, describeDatabaseUrl } from './data-source-options';
import { runMigrations } from './run-migrations';

export interface CliDataSource {
  dataSource: DataSource;
  /** Closes the pool, then stops the embedded server if the command started it. */
  close(): Promise<void>;
}

/**
 * A command's connection to the service's database (openCliDatabase), with the schema brought
 * up to date first, as the service would at start-up. TypeORM logs nothing: a failed query is
 * thrown to the command, which reports it in one line, and its parameters (a password hash, a
 * secret's digest) never reach the terminal.
 */
export async function openCliDataSource(
  config: AppConfig,
  entities: NonNullable<DataSourceOptions['entities']>,
  note: (message: string) => void,
): Promise<CliDataSource> {
  const database = await openCliDatabase(config, note);
  note(`Database: ${describeDatabaseUrl(database.url)}`);
  const dataSource = new DataSource(dataSourceOptions(database.url, { entities, logging: false }));
  const close = async (): Promise<void> => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.close();
  };
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
  } catch (error) {
    await close();
    throw error;
  }
  return { dataSource, close };
}
