import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { KeysetPage } from '../common/page';
import { keysetPage, pageCursorOrThrow } from '../common/page-cursor';
import { AuditEvent, AuditEventInput, AuditQuery } from './audit-event';
import { AuditEventEntity } from './audit-event.entity';
import {
  AuditEventRow,
  AuditEventsRepository,
  isAuditEventId,
  StoredAuditEvent,
} from './audit-events.repository';
import { capStrings, MAX_AUDIT_IP, MAX_AUDIT_TEXT, truncateCodePoints } from './audit-text';

/** Appends to and reads `audit_events`. Callers pass public context only (never secrets). */
@Injectable()
export class AuditService {
  private readonly events: AuditEventsRepository;

  constructor(
    @InjectRepository(AuditEventEntity) repository: Repository<AuditEventEntity>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.events = new AuditEventsRepository(repository.manager);
  }

  /**
   * Appends one row. Every string from the caller is capped (MAX_AUDIT_TEXT code points, the ip
   * MAX_AUDIT_IP), so a client cannot grow the table with a 100 kB User-Agent or login name.
   * Given the `manager` of a caller's transaction, the row is written in it: it commits, or rolls
   * back, with the change it records.
   */
  async record(event: AuditEventInput, manager?: EntityManager): Promise<void> {
    await this.events.insert(this.rowOf(event), manager);
  }

  /**
   * The row `record` would write, for a caller that writes it in its own statement (see
   * auditInsert), so that the event and the change it records commit together in one round trip.
   */
  rowOf(event: AuditEventInput): AuditEventRow {
    return {
      at: event.at ?? this.clock.now(),
      type: event.type,
      actor: capped(event.actor, MAX_AUDIT_TEXT),
      subject: capped(event.subject, MAX_AUDIT_TEXT),
      ip: capped(event.ip, MAX_AUDIT_IP),
      // capStrings maps an object to an object of the same members.
      details: capStrings(event.details ?? {}, MAX_AUDIT_TEXT) as Record<string, unknown>,
    };
  }

  /** Newest first; by `offset`, or by `after` (400 `ERR_VALIDATION` when it is no cursor). */
  async list(query: AuditQuery): Promise<KeysetPage<AuditEvent>> {
    const { type, offset = 0, limit, after } = query;
    const cursor = after === undefined ? undefined : pageCursorOrThrow(after, isAuditEventId);
    const { rows, total } = await this.events.page({ type, offset, limit, after: cursor });
    const page = keysetPage(rows, limit, (row) => row.key);
    return {
      items: page.items.map(toAuditEvent),
      total,
      offset,
      limit,
      next_cursor: page.nextCursor,
    };
  }
}

function capped(text: string | null | undefined, max: number): string | null {
  return typeof text === 'string' ? truncateCodePoints(text, max) : null;
}

function toAuditEvent(row: StoredAuditEvent): AuditEvent {
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
