import { Logger } from '@nestjs/common';
import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { poolErrorHandler } from '../logging/pool-error-handler';
import { QueryLogger } from './query-logger';

/**
 * One definition shared by the service, the migration CLI and the tests. Entities are listed by
 * each feature module (autoLoadEntities) in the app, and globbed from the compiled output in the
 * CLI, so this file needs to know no feature.
 */
export function dataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new QueryLogger(),
    maxQueryExecutionTime: 1000,
    // Bounded so an outage is reported quickly rather than hanging each request.
    extra: { max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 },
    applicationName: 'warden',
    poolErrorHandler: poolErrorHandler(new Logger('Database')),
    ...overrides,
  } as DataSourceOptions;
}

/** The URL with its password masked, for log lines. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
