import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { Page } from '../common/page';
import { AuditEvent, AuditEventInput, AuditQuery } from './audit-event';
import { AuditEventEntity } from './audit-event.entity';
import { capStrings, MAX_AUDIT_IP, MAX_AUDIT_TEXT, truncateCodePoints } from './audit-text';

/** Appends to and reads `audit_events`. Callers pass public context only (never secrets). */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEventEntity)
    private readonly events: Repository<AuditEventEntity>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Appends one row. Every string from the caller is capped (MAX_AUDIT_TEXT code points, the ip
   * MAX_AUDIT_IP), so a client cannot grow the table with a 100 kB User-Agent or login name.
   * Given the `manager` of a caller's transaction, the row is written in it: it commits, or rolls
   * back, with the change it records.
   */
  async record(event: AuditEventInput, manager?: EntityManager): Promise<void> {
    await (manager ?? this.events.manager).query(
      `INSERT INTO audit_events (at, type, actor, subject, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [
        event.at ?? this.clock.now(),
        event.type,
        capped(event.actor, MAX_AUDIT_TEXT),
        capped(event.subject, MAX_AUDIT_TEXT),
        capped(event.ip, MAX_AUDIT_IP),
        JSON.stringify(capStrings(event.details ?? {}, MAX_AUDIT_TEXT)),
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

function capped(text: string | null | undefined, max: number): string | null {
  return typeof text === 'string' ? truncateCodePoints(text, max) : null;
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
