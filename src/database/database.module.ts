import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { dataSourceOptions, describeDatabaseUrl } from './data-source-options';
import { runMigrations } from './run-migrations';

/**
 * The TypeORM connection. Migrations run inside the data source factory, so nothing that
 * depends on a repository can start before the schema is current.
 */
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    const logger = new Logger(DatabaseModule.name);
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(databaseUrl),
            autoLoadEntities: true,
            retryAttempts: 5,
            retryDelay: 2000,
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('Missing data source options');
            const dataSource = await new DataSource(options).initialize();
            logger.log(`Database: ${describeDatabaseUrl(databaseUrl)}`);
            const applied = await runMigrations(dataSource);
            logger.log(
              applied.length > 0
                ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
                : 'Database schema is up to date',
            );
            return dataSource;
          },
        }),
      ],
    };
  }
}
