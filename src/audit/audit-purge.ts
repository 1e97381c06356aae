/** What a purge needs of the audit store: AuditEventsRepository, or a fake in tests. */
export interface AuditPurgeStore {
  /** Deletes up to `batchSize` rows older than `before`; returns how many it deleted. */
  deleteOlderThan(before: Date, batchSize: number): Promise<number>;
}

export interface AuditPurgeLimits {
  /** Rows per DELETE: each statement, and the locks it holds, stays short. */
  batchSize: number;
  /** DELETEs per run at most, so one run of a large backlog does not go on for hours. */
  maxBatches: number;
}

export interface AuditPurgeResult {
  deleted: number;
  batches: number;
  /** False when the run stopped at maxBatches with old rows possibly left for the next run. */
  complete: boolean;
}

/** Ten thousand rows a statement, ten statements a run: 100,000 rows a run at most. */
export const AUDIT_PURGE_LIMITS: AuditPurgeLimits = { batchSize: 10_000, maxBatches: 10 };

/** The instant before which rows are older than `retentionDays`: now minus that many days. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes rows older than `before` batch by batch, until a batch comes back short (nothing old
 * is left) or `maxBatches` have run. `before` is fixed for the whole run, so rows that age past
 * the retention while it runs wait for the next run rather than stretching this one.
 */
export async function purgeAuditEvents(
  store: AuditPurgeStore,
  before: Date,
  { batchSize, maxBatches }: AuditPurgeLimits = AUDIT_PURGE_LIMITS,
): Promise<AuditPurgeResult> {
  let deleted = 0;
  for (let batches = 1; batches <= maxBatches; batches += 1) {
    const count = await store.deleteOlderThan(before, batchSize);
    deleted += count;
    if (count < batchSize) return { deleted, batches, complete: true };
  }
  return { deleted, batches: maxBatches, complete: false };
}
