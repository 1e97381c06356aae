/** Where a request came from: stored with refresh tokens and written to the audit trail. */
export interface SessionContext {
  ip?: string;
  userAgent?: string;
}

/** What a controller reads of a request for its SessionContext (Fastify and Express alike). */
export interface ClientRequest {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

export function contextOf(request: ClientRequest): SessionContext {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined };
}
