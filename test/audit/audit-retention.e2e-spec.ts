import { Client } from 'pg';
import { AUDIT_PURGE_LIMITS } from '../../src/audit/audit-purge';
import { AUDIT_RETENTION_LOCK, AuditRetentionJob } from '../../src/audit/audit-retention.job';
import { FakeClock } from '../../src/common/fake-clock';
import { createTestApp, TestApp } from '../support/test-app';

const DAY_MS = 86_400_000;
const RETENTION_DAYS = 30;

/** The hourly purge of audit events older than AUDIT_RETENTION_DAYS, on the real database. */
describe(AuditRetentionJob.name, () => {
  const clock = new FakeClock(new Date('2026-06-01T12:00:00.000Z'));
  let sut: TestApp;
  let db: Client;
  let job: AuditRetentionJob;

  beforeAll(async () => {
    sut = await createTestApp({ AUDIT_RETENTION_DAYS: String(RETENTION_DAYS) }, { clock });
    job = sut.app.get(AuditRetentionJob);
    db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await sut.close();
  });

  const cutoff = () => new Date(clock.now().getTime() - RETENTION_DAYS * DAY_MS);
  /** Rows of `type` at `at` plus `offsetMicros` (microseconds, to test the boundary exactly). */
  const insertAt = (type: string, at: Date, offsetMicros = 0, count = 1) =>
    db.query(
      `INSERT INTO audit_events (at, type, details)
       SELECT $1::timestamptz + $2::int * interval '1 microsecond' - (i - 1) * interval '1 second',
              $3, '{}'
         FROM generate_series(1, $4::int) AS i`,
      [at, offsetMicros, type, count],
    );
  const countOf = async (type: string): Promise<number> => {
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM audit_events WHERE type = $1',
      [type],
    );
    return Number(rows[0].n);
  };
  const oldestLeft = async (): Promise<Date> => {
    const { rows } = await db.query<{ at: Date }>('SELECT min(at) AS at FROM audit_events');
    return rows[0].at;
  };

  it('deletes every row older than the retention in batches, and no younger one', async () => {
    const old = 2 * AUDIT_PURGE_LIMITS.batchSize + 5;
    await insertAt('test.old', new Date(cutoff().getTime() - DAY_MS), 0, old);
    await insertAt('test.just-old', cutoff(), -1);
    await insertAt('test.at-cutoff', cutoff());
    await insertAt('test.just-young', cutoff(), 1);
    await insertAt('test.now', clock.now());

    const result = await job.purge();

    expect(result).toEqual({ deleted: old + 1, batches: 3, complete: true });
    expect(await countOf('test.old')).toBe(0);
    expect(await countOf('test.just-old')).toBe(0);
    expect(await countOf('test.at-cutoff')).toBe(1);
    expect(await countOf('test.just-young')).toBe(1);
    expect((await oldestLeft()).getTime()).toBeGreaterThanOrEqual(cutoff().getTime());
  });

  it('deletes what has aged past the retention once the clock moves on', async () => {
    clock.advance(1);

    expect(await job.purge()).toEqual({ deleted: 2, batches: 1, complete: true });
    expect(await countOf('test.at-cutoff')).toBe(0);
    expect(await countOf('test.just-young')).toBe(0);
    expect(await countOf('test.now')).toBe(1);
  });

  it('leaves the run to the replica holding the lock, then purges on the next', async () => {
    await insertAt('test.locked', new Date(cutoff().getTime() - DAY_MS));
    const otherReplica = new Client({ connectionString: sut.databaseUrl });
    await otherReplica.connect();
    try {
      await otherReplica.query('SELECT pg_advisory_lock($1)', [AUDIT_RETENTION_LOCK]);

      expect(await job.purge()).toBeUndefined();
      expect(await countOf('test.locked')).toBe(1);
    } finally {
      await otherReplica.end();
    }

    expect(await job.purge()).toMatchObject({ deleted: 1 });
    expect(await countOf('test.locked')).toBe(0);
  });

  it('never throws from the scheduled run', async () => {
    await expect(job.run()).resolves.toBeUndefined();
  });
});
