import { HttpStatus } from '@nestjs/common';

/**
 * Codes for the HTTP errors the framework raises itself, which carry none: Nest's not-found
 * handler (any method on an unknown path; Warden's own look-ups throw typed errors instead),
 * Fastify's body refusals and the throttler. With these, every error body has a `code`.
 */
const FRAMEWORK_ERROR_CODES: Readonly<Partial<Record<number, string>>> = {
  [HttpStatus.BAD_REQUEST]: 'ERR_BAD_REQUEST',
  [HttpStatus.NOT_FOUND]: 'ERR_ROUTE_NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'ERR_METHOD_NOT_ALLOWED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'ERR_BODY_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'ERR_TOO_MANY_REQUESTS',
};

/** The code of a framework HttpException that came without one: by status, else `ERR_HTTP_<status>`. */
export function frameworkErrorCode(status: number): string {
  return FRAMEWORK_ERROR_CODES[status] ?? `ERR_HTTP_${status}`;
}
