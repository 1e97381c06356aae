import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` while this process holds the session-level PostgreSQL advisory lock `key`, as
 * runMigrations does, but without waiting: when another replica holds it, `work` does not run
 * and the result is `{ ran: false }`. The lock lives on one dedicated connection, which `work`
 * gets as `manager`; each statement on it commits by itself, so a long job does not hold one
 * long transaction. PostgreSQL releases the lock if the connection dies.
 */
export async function withAdvisoryLockOrSkip<T>(
  dataSource: DataSource,
  key: number,
  work: (manager: EntityManager) => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const rows = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as {
      locked: boolean;
    }[];
    if (rows[0]?.locked !== true) return { ran: false };
    try {
      return { ran: true, result: await work(runner.manager) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
