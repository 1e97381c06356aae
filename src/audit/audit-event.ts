import type { KeysetPageRequest } from '../common/page';

/** What happened, as recorded: `login.failed`, `user.created`, `key.rotated`, ... */
export interface AuditEventInput {
  type: string;
  /** Who did it: a user id, `client:<id>`, or `system`. */
  actor?: string | null;
  /** What it was done to: a user id, a kid, the login name that was tried, ... */
  subject?: string | null;
  ip?: string | null;
  /** Public context only: never passwords, hashes, tokens or key material. */
  details?: Record<string, unknown>;
  /**
   * When it happened; the service's clock when absent. Key lifecycle changes pass the database
   * clock their transaction decided by (docs/architecture.md §4), so the row agrees with them.
   */
  at?: Date;
}

/** An audit row as the `GET /audit` route returns it. */
export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  actor: string | null;
  subject: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery extends KeysetPageRequest {
  type?: string;
}
