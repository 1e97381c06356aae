import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/run-migrations';
import { createTestDatabase } from '../support/test-database';

describe(runMigrations.name, () => {
  let database: { url: string; drop: () => Promise<void> };
  const dataSources: DataSource[] = [];

  async function connect(): Promise<DataSource> {
    const dataSource = await new DataSource(
      dataSourceOptions(database.url, { logging: false }),
    ).initialize();
    dataSources.push(dataSource);
    return dataSource;
  }

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(dataSources.splice(0).map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  it('applies every migration once when several processes start together', async () => {
    const sources = await Promise.all([connect(), connect(), connect()]);

    const applied = await Promise.all(sources.map((source) => runMigrations(source)));

    expect(applied.flat()).toEqual(migrations.map((migration) => migration.name));
    const rows = await sources[0].query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id',
    );
    expect(rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
  });

  it('is a no-op on an up-to-date schema', async () => {
    const source = await connect();
    await runMigrations(source);

    expect(await runMigrations(source)).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    const source = await connect();
    await runMigrations(source);

    for (let i = 0; i < migrations.length; i += 1) await source.undoLastMigration();
    const tables = await source.query<unknown[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );

    expect(tables).toEqual([]);
    expect(await runMigrations(source)).toHaveLength(migrations.length);
  });
});
