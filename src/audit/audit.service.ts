import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CLOCK, Clock } from '../common/clock';
import { Page } from '../common/page';
import { AuditEvent, AuditEventInput, AuditQuery } from './audit-event';
import { AuditEventEntity } from './audit-event.entity';

/** Appends to and reads `audit_events`. Callers pass public context only (never secrets). */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEventEntity)
    private readonly events: Repository<AuditEventEntity>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(event: AuditEventInput): Promise<void> {
    await this.events.query(
      `INSERT INTO audit_events (at, type, actor, subject, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [
        this.clock.now(),
        event.type,
        event.actor ?? null,
        event.subject ?? null,
        event.ip ?? null,
        JSON.stringify(event.details ?? {}),
      ],
    );
  }

  /** Newest first. */
  async list({ type, offset, limit }: AuditQuery): Promise<Page<AuditEvent>> {
    const [rows, total] = await this.events.findAndCount({
      where: type === undefined ? {} : { type },
      order: { at: 'DESC', id: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { items: rows.map(toAuditEvent), total, offset, limit };
  }
}

function toAuditEvent(row: AuditEventEntity): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actor,
    subject: row.subject,
    ip: row.ip,
    details: row.details,
  };
}
