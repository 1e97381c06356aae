import { AuditPurgeStore, purgeAuditEvents, retentionCutoff } from './audit-purge';

/** Rows by time; deletes the oldest first, as AuditEventsRepository does. */
class FakeAuditStore implements AuditPurgeStore {
  readonly calls: { before: Date; batchSize: number }[] = [];

  constructor(public rows: Date[]) {}

  deleteOlderThan(before: Date, batchSize: number): Promise<number> {
    this.calls.push({ before, batchSize });
    const old = this.rows
      .filter((at) => at < before)
      .sort((a, b) => a.getTime() - b.getTime())
      .slice(0, batchSize);
    this.rows = this.rows.filter((at) => !old.includes(at));
    return Promise.resolve(old.length);
  }
}

const NOW = new Date('2026-06-01T00:00:00.000Z');
const CUTOFF = retentionCutoff(NOW, 90);
const at = (offsetMs: number) => new Date(CUTOFF.getTime() + offsetMs);

describe(purgeAuditEvents.name, () => {
  it('deletes batch by batch until a batch comes back short', async () => {
    const sut = new FakeAuditStore(Array.from({ length: 25 }, (_, i) => at(-1 - i)));

    const result = await purgeAuditEvents(sut, CUTOFF, { batchSize: 10, maxBatches: 5 });

    expect(result).toEqual({ deleted: 25, batches: 3, complete: true });
    expect(sut.calls.map((call) => call.batchSize)).toEqual([10, 10, 10]);
    expect(sut.rows).toEqual([]);
  });

  it('runs one more batch to find out that an exact multiple left nothing', async () => {
    const sut = new FakeAuditStore(Array.from({ length: 20 }, (_, i) => at(-1 - i)));

    const result = await purgeAuditEvents(sut, CUTOFF, { batchSize: 10, maxBatches: 5 });

    expect(result).toEqual({ deleted: 20, batches: 3, complete: true });
  });

  it('stops at maxBatches and says that old rows may remain', async () => {
    const sut = new FakeAuditStore(Array.from({ length: 50 }, (_, i) => at(-1 - i)));

    const result = await purgeAuditEvents(sut, CUTOFF, { batchSize: 10, maxBatches: 2 });

    expect(result).toEqual({ deleted: 20, batches: 2, complete: false });
    expect(sut.rows).toHaveLength(30);
  });

  it('never deletes a row at or after the cut-off, and uses one cut-off for the whole run', async () => {
    const young = [at(0), at(1), at(86_400_000)];
    const sut = new FakeAuditStore([at(-1), ...young]);

    await purgeAuditEvents(sut, CUTOFF, { batchSize: 1, maxBatches: 10 });

    expect(sut.rows).toEqual(young);
    expect(new Set(sut.calls.map((call) => call.before.getTime()))).toEqual(
      new Set([CUTOFF.getTime()]),
    );
  });

  it('does one DELETE when nothing is old', async () => {
    const sut = new FakeAuditStore([at(5)]);

    expect(await purgeAuditEvents(sut, CUTOFF)).toEqual({ deleted: 0, batches: 1, complete: true });
    expect(sut.calls).toEqual([{ before: CUTOFF, batchSize: 10_000 }]);
  });
});

describe(retentionCutoff.name, () => {
  it('is now minus whole days', () => {
    expect(retentionCutoff(NOW, 90)).toEqual(new Date('2026-03-03T00:00:00.000Z'));
    expect(retentionCutoff(NOW, 1)).toEqual(new Date('2026-05-31T00:00:00.000Z'));
  });
});
