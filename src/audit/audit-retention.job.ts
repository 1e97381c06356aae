import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { withAdvisoryLockOrSkip } from '../database/advisory-lock';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditPurgeResult, purgeAuditEvents, retentionCutoff } from './audit-purge';

/** The session-level advisory lock one replica holds while it purges ("WAUD"). */
export const AUDIT_RETENTION_LOCK = 0x5741_5544;

/**
 * Deletes audit events older than AUDIT_RETENTION_DAYS, hourly, in bounded batches. One
 * replica purges at a time: the others find the advisory lock taken and skip that run.
 */
@Injectable()
export class AuditRetentionJob {
  private readonly logger = new Logger(AuditRetentionJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'audit-retention' })
  async run(): Promise<void> {
    try {
      const result = await this.purge();
      if (result) this.logger.log(progressLine(result, this.config.audit.retentionDays));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Audit retention purge failed (${reason}); will retry on the next run`);
    }
  }

  /** One run; undefined when another replica holds the lock (and is purging). */
  async purge(): Promise<AuditPurgeResult | undefined> {
    const before = retentionCutoff(this.clock.now(), this.config.audit.retentionDays);
    const outcome = await withAdvisoryLockOrSkip(this.dataSource, AUDIT_RETENTION_LOCK, (manager) =>
      purgeAuditEvents(new AuditEventsRepository(manager), before),
    );
    return outcome.ran ? outcome.result : undefined;
  }
}

function progressLine({ deleted, batches, complete }: AuditPurgeResult, days: number): string {
  const rest = complete ? '' : '; more remain, the next run continues';
  return `Purged ${deleted} audit events older than ${days} days in ${batches} batch(es)${rest}`;
}
