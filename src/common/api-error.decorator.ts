import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from './error-response.dto';

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
 * The 401 and 403 bodies of a route guarded by `@Permissions(permission)` (which already
 * documents the bearer requirement): what a caller without a token, or without the permission,
 * gets back.
 */
export function ApiPermissionErrors(permission: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiErrorResponse(HttpStatus.UNAUTHORIZED, 'No token (bare `WWW-Authenticate` challenge)', {
      code: 'ERR_TOKEN_MISSING',
      message: 'Authentication required',
    }),
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
