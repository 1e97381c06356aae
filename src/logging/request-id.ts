import { randomUUID } from 'node:crypto';

/** Short and log-safe: no spaces, quotes or control characters a caller could inject. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Honours a caller's X-Request-Id when it is well-formed, so ids follow a request across services. */
export function requestIdFrom(headerValue: unknown): string {
  return typeof headerValue === 'string' && REQUEST_ID_PATTERN.test(headerValue)
    ? headerValue
    : randomUUID();
}
