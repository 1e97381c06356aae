import { DataSource } from 'typeorm';

/** An arbitrary, fixed key: every Warden process serializes its migrations on it. */
const MIGRATION_LOCK_KEY = 0x5741_5244; // "WARD"

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas starting together
 * on an empty database apply each migration exactly once; the others wait, then find nothing
 * left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockRunner.release();
  }
}
