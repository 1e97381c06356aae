import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { ThrottleCountersRepository } from './throttle-counters.repository';

/** Rows per DELETE: short statements, so a large backlog never holds many row locks at once. */
export const THROTTLE_PURGE_BATCH = 1000;

/**
 * Deletes throttle counters whose window and block have both ended, in bounded batches.
 * Idempotent (and batches skip rows another replica holds), so running on every replica is
 * harmless.
 */
@Injectable()
export class ThrottleCountersPurgeJob {
  private readonly logger = new Logger(ThrottleCountersPurgeJob.name);

  constructor(private readonly counters: ThrottleCountersRepository) {}

  @Cron(CronExpression.EVERY_10_MINUTES, { name: 'throttle-counters-purge' })
  async run(): Promise<void> {
    try {
      const purged = await this.purge();
      if (purged > 0) this.logger.log(`Purged ${purged} expired throttle counters`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Throttle counter purge failed (${reason}); will retry on the next run`);
    }
  }

  /** Deletes every stale counter, a batch at a time; returns how many. */
  async purge(batchSize = THROTTLE_PURGE_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.counters.deleteStale(batchSize);
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
