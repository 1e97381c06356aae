import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from './error-response.dto';

/** RFC 9110 §10.2.3, as the 429 and 503 answers send it. */
export const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
};

/**
 * Documents an error response with ErrorResponseDto and an example body, e.g.
 * `@ApiErrorResponse(404, 'No such user', { code: 'ERR_USER_NOT_FOUND', message: 'User not found' })`.
 */
export function ApiErrorResponse(
  status: HttpStatus,
  description: string,
  example: Record<string, unknown>,
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    type: ErrorResponseDto,
    example: { statusCode: status, error: STATUS_CODES[status], ...example },
  });
}

/**
 * The 401 body of a route that needs an access token: no token, or one that is malformed,
 * expired, invalid or revoked (RFC 6750 §3.1, each with its `WWW-Authenticate` challenge).
 * Put it above the protecting decorator, so its schema and example win.
 */
export function ApiTokenErrors(): MethodDecorator & ClassDecorator {
  return ApiErrorResponse(
    HttpStatus.UNAUTHORIZED,
    'No token (bare `WWW-Authenticate` challenge), or `ERR_TOKEN_MALFORMED`, ' +
      '`ERR_TOKEN_EXPIRED`, `ERR_TOKEN_INVALID`, `ERR_TOKEN_REVOKED` (`error="invalid_token"`)',
    { code: 'ERR_TOKEN_MISSING', message: 'Authentication required' },
  );
}

/**
 * The 401 and 403 bodies of a route guarded by `@Permissions(permission)` (which already
 * documents the bearer requirement): what a caller without a token, or without the permission,
 * gets back. Put it above `@Permissions`.
 */
export function ApiPermissionErrors(permission: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiTokenErrors(),
    ApiErrorResponse(
      HttpStatus.FORBIDDEN,
      `\`WWW-Authenticate: Bearer error="insufficient_scope"\`; the token lacks \`${permission}\``,
      {
        code: 'ERR_INSUFFICIENT_SCOPE',
        message: 'Insufficient roles or permissions',
        required: { permissions: [permission] },
      },
    ),
  );
}

/**
 * The 503 of a route that needs the database (`ERR_DATABASE_UNAVAILABLE`) or, with `signs`,
 * also a loaded signing key (`ERR_NO_ACTIVE_KEY`); both with Retry-After. On a controller, it
 * documents every route of it.
 */
export function ApiUnavailableError(
  options: { signs?: boolean } = {},
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    description:
      'The database is unreachable (`ERR_DATABASE_UNAVAILABLE`)' +
      (options.signs ? ', or no signing key is loaded yet (`ERR_NO_ACTIVE_KEY`)' : '') +
      '; try again after Retry-After seconds',
    type: ErrorResponseDto,
    headers: RETRY_AFTER_HEADER,
    example: {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: STATUS_CODES[HttpStatus.SERVICE_UNAVAILABLE],
      code: 'ERR_DATABASE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly',
    },
  });
}
