import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { ERROR_HTTP } from '../../common/errors/error-status';
import type { WardenError } from '../../common/errors/warden-error';
import { IntrospectionUnavailableError } from '../remote/remote.errors';
import { AuthenticationError, InsufficientScopeError } from './token.errors';

/**
 * Answers the guard's errors in an app that imports AuthModule (which has no Warden exception
 * filter): 401/403 with the RFC 6750 `WWW-Authenticate` challenge and a body shaped like Nest's
 * own, `{statusCode, error, code, message}`. Catches only these errors, so the app's own filters
 * keep handling everything else. Works on Express and Fastify through the HTTP adapter.
 */
@Catch(AuthenticationError, InsufficientScopeError, IntrospectionUnavailableError)
export class TokenErrorsFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: WardenError, host: ArgumentsHost): void {
    const mapping = ERROR_HTTP[error.code];
    const status = mapping?.status ?? HttpStatus.UNAUTHORIZED;
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(mapping?.headers?.(error) ?? {})) {
      httpAdapter.setHeader(response, name, value);
    }
    const body = {
      ...error.details,
      statusCode: status,
      error: STATUS_CODES[status],
      code: error.code,
      message: error.message,
    };
    httpAdapter.reply(response, body, status);
  }
}
