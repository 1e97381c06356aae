import type { WardenError } from '@warden/nest-auth';
import type { HttpMapping } from './error-status';

/** What an exception filter answers: a status, its headers and a public body. */
export interface ErrorReply<Body extends object = Record<string, unknown>> {
  status: number;
  headers: Record<string, string>;
  body: Body;
}

/** The request fields the log line of an unexpected error names. */
export interface FailedRequest {
  method?: string;
  url?: string;
}

/**
 * A typed error answered through a mapping table (ERROR_HTTP, OAUTH_ERRORS): the status and the
 * headers the table gives its code, and the body in the caller's shape for that status.
 */
export function mappedReply<Body extends object>(
  error: WardenError,
  mapping: HttpMapping,
  body: (status: number) => Body,
): ErrorReply<Body> {
  return {
    status: mapping.status,
    headers: mapping.headers?.(error) ?? {},
    body: body(mapping.status),
  };
}
