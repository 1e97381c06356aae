import type { EntityManager } from 'typeorm';
import { PageCursor, SORT_KEY_TIME_FORMAT } from '../common/page-cursor';

/** A row ready to insert: every string already capped by AuditService. */
export interface AuditEventRow {
  at: Date;
  type: string;
  actor: string | null;
  subject: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** A stored row, and its sort key (`at` to the microsecond, `id`) for the next page's cursor. */
export interface StoredAuditEvent extends AuditEventRow {
  id: string;
  key: PageCursor;
}

export interface AuditPageQuery {
  type?: string;
  limit: number;
  offset?: number;
  /** The key of the previous page's last row: the page starts right after it. */
  after?: PageCursor;
}

/** Most an audit id can be: `bigserial` is a signed 64-bit integer. */
const MAX_AUDIT_ID = 9_223_372_036_854_775_807n;

/** Whether `id` can be an audit row's id, so PostgreSQL will not reject it as a bigint. */
export function isAuditEventId(id: string): boolean {
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_AUDIT_ID;
}

/**
 * The INSERT of one audit row, its parameters numbered from `$first`: on its own, or as a
 * data-modifying CTE of another statement (PostgreSQL runs those whether or not they are
 * referenced), so the row commits with that statement's change.
 */
export function auditInsert(row: AuditEventRow, first: number): { sql: string; params: unknown[] } {
  const [at, type, actor, subject, ip, details] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  return {
    sql: `INSERT INTO audit_events (at, type, actor, subject, ip, details)
       VALUES (${at}, ${type}, ${actor}, ${subject}, ${ip}, ${details}::jsonb)`,
    params: [row.at, row.type, row.actor, row.subject, row.ip, JSON.stringify(row.details)],
  };
}

/**
 * SQL over `audit_events`. Not a Nest provider: AuditService is also built by hand in the CLIs,
 * so this is built over the manager it runs on, and `insert` takes a caller's transaction.
 */
export class AuditEventsRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(row: AuditEventRow, manager: EntityManager = this.manager): Promise<void> {
    const { sql, params } = auditInsert(row, 1);
    await manager.query(sql, params);
  }

  /**
   * Up to `limit + 1` rows newest first (the extra one tells that a next page exists), after
   * `offset` others or after the cursor's key, with the total of all matching rows (null by
   * cursor). By cursor,
   * audit_events_at_id_idx (audit_events_type_at_id_idx with a type) finds the page however
   * deep it is.
   */
  async page(query: AuditPageQuery): Promise<{ rows: StoredAuditEvent[]; total: number | null }> {
    // Counting reads every match: a walk by cursor does it once, on its first page.
    const [rows, total] = await Promise.all([
      this.pageRows(query),
      query.after ? null : this.count(query.type),
    ]);
    return { rows, total };
  }

  private async pageRows({ type, limit, offset = 0, after }: AuditPageQuery) {
    const params: unknown[] = [];
    const bind = (value: unknown): string => `$${params.push(value)}`;
    const conditions: string[] = [];
    if (type !== undefined) conditions.push(`type = ${bind(type)}`);
    if (after) {
      conditions.push(`(at, id) < (${bind(after.at)}::timestamptz, ${bind(after.id)}::bigint)`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.manager.query<(AuditEventRow & { id: string; sort_at: string })[]>(
      `SELECT id, at, type, actor, subject, ip, details,
              to_char(at AT TIME ZONE 'UTC', ${bind(SORT_KEY_TIME_FORMAT)}) AS sort_at
         FROM audit_events ${where}
        ORDER BY at DESC, id DESC
        LIMIT ${bind(limit + 1)} OFFSET ${bind(after ? 0 : offset)}`,
      params,
    );
    return rows.map(({ sort_at, ...row }) => ({ ...row, key: { at: sort_at, id: row.id } }));
  }

  /**
   * Deletes up to `batchSize` rows older than `before`, oldest first, in one short statement
   * (a bounded transaction, not one holding every old row's lock at once). Returns how many.
   * The ids are collected into an array first (audit_events_at_id_idx), then deleted through the
   * primary key: with `id IN (SELECT ...)` PostgreSQL may hash-join, scanning the whole table
   * for every batch.
   */
  async deleteOlderThan(before: Date, batchSize: number): Promise<number> {
    const [, count] = await this.manager.query<[unknown[], number]>(
      `DELETE FROM audit_events
        WHERE id = ANY (ARRAY(SELECT id FROM audit_events WHERE at < $1 ORDER BY at, id LIMIT $2))`,
      [before, batchSize],
    );
    return count;
  }

  private async count(type: string | undefined): Promise<number> {
    // pg returns a bigint as a string.
    const [row] = await this.manager.query<{ total: string }[]>(
      type === undefined
        ? 'SELECT count(*) AS total FROM audit_events'
        : 'SELECT count(*) AS total FROM audit_events WHERE type = $1',
      type === undefined ? [] : [type],
    );
    return Number(row?.total ?? 0);
  }
}
