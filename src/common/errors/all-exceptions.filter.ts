import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from './database-errors';
import { ERROR_HTTP } from './error-status';
import { DatabaseUnavailableError, WardenError } from './warden-error';

interface HttpReply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Maps every error to a public response: typed Warden errors through ERROR_HTTP, Nest's own
 * HttpExceptions as they are, database outages to 503, and anything else to a bare 500 that
 * carries only the request id (the detail goes to the log).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: unknown; method?: string; url?: string }>();
    const response: unknown = http.getResponse();
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    const reply = this.toReply(exception, requestId, request);
    const { httpAdapter } = this.adapterHost;
    for (const [name, value] of Object.entries(reply.headers)) {
      httpAdapter.setHeader(response, name, value);
    }
    httpAdapter.reply(response, reply.body, reply.status);
  }

  toReply(
    exception: unknown,
    requestId: string | undefined,
    request: { method?: string; url?: string } = {},
  ): HttpReply {
    if (exception instanceof WardenError) return wardenReply(exception);
    if (exception instanceof HttpException) return httpExceptionReply(exception);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable during ${request.method} ${request.url}`);
      return wardenReply(new DatabaseUnavailableError());
    }
    this.logger.error(
      { err: exception, requestId },
      `Unhandled error during ${request.method} ${request.url}`,
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      headers: {},
      body: {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: STATUS_CODES[HttpStatus.INTERNAL_SERVER_ERROR],
        message: 'Internal server error',
        requestId,
      },
    };
  }
}

function wardenReply(error: WardenError): HttpReply {
  const mapping = ERROR_HTTP[error.code] ?? { status: HttpStatus.INTERNAL_SERVER_ERROR };
  return {
    status: mapping.status,
    headers: mapping.headers?.(error) ?? {},
    body: {
      ...error.details,
      statusCode: mapping.status,
      error: STATUS_CODES[mapping.status],
      code: error.code,
      message: error.message,
    },
  };
}

function httpExceptionReply(exception: HttpException): HttpReply {
  const status = exception.getStatus();
  const payload = exception.getResponse();
  const body =
    typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>)
      : { statusCode: status, error: STATUS_CODES[status], message: payload };
  // Headers an HttpException's thrower set on the response (the throttler's Retry-After) stay.
  return { status, body, headers: {} };
}
