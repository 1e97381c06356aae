/** Where a request came from: stored with refresh tokens and written to the audit trail. */
export interface SessionContext {
  ip?: string;
  userAgent?: string;
}
