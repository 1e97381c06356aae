import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from './database-errors';
import { ErrorReply, FailedRequest, mappedReply } from './error-reply';
import { ERROR_HTTP, ERROR_NAMES, HttpMapping } from './error-status';
import { frameworkErrorCode } from './http-exception-codes';
import { DatabaseUnavailableError, WardenError } from './warden-error';

/** A typed error whose code ERROR_HTTP does not list is a bug: 500. */
const UNMAPPED: HttpMapping = { status: HttpStatus.INTERNAL_SERVER_ERROR };

/**
 * The service's one error-body builder, behind both exception filters: typed Warden errors
 * through ERROR_HTTP, Nest's own HttpExceptions in the same envelope (with a code by status
 * when they bring none), database outages as 503, and anything else as a bare 500 carrying
 * only the request id. Every body is `{statusCode, error, code, message, ...details}`, with
 * `message` one sentence (docs/architecture.md §5). It owns the logging policy too:
 * expected errors are not logged, an outage is a warning, anything unexpected an error with its
 * detail (which never reaches the client).
 */
export class ErrorReplyBuilder {
  private readonly logger = new Logger('ExceptionFilter');

  build(exception: unknown, requestId?: string, request: FailedRequest = {}): ErrorReply {
    if (exception instanceof WardenError) return typedReply(exception);
    if (exception instanceof HttpException) return httpExceptionReply(exception);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable during ${request.method} ${request.url}`);
      return typedReply(new DatabaseUnavailableError());
    }
    this.logger.error(
      { err: exception, requestId },
      `Unhandled error during ${request.method} ${request.url}`,
    );
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      status,
      headers: {},
      body: envelope(status, 'ERR_INTERNAL', 'Internal server error', { requestId }),
    };
  }
}

/** The public details of a typed error follow the envelope's fields, and never replace them. */
function typedReply(error: WardenError): ErrorReply {
  return mappedReply(error, ERROR_HTTP[error.code] ?? UNMAPPED, (status) =>
    envelope(status, error.code, error.message, error.details, ERROR_NAMES[error.code]),
  );
}

/**
 * Nest's body (`{statusCode, error, message}`, message a string or a list) in the envelope. A
 * body of the thrower's own shape, without `statusCode` (terminus's health report), is that
 * route's contract and stays as it is. Headers the thrower set (the throttler's Retry-After) stay.
 */
function httpExceptionReply(exception: HttpException): ErrorReply {
  const status = exception.getStatus();
  const payload = exception.getResponse();
  const isObject = typeof payload === 'object' && payload !== null;
  if (isObject && !('statusCode' in payload)) {
    return { status, headers: {}, body: payload as Record<string, unknown> };
  }
  const fields: Record<string, unknown> = isObject ? { ...payload } : { message: payload };
  const { statusCode: _status, error: _error, code, message, ...details } = fields;
  const sentence = Array.isArray(message) ? message.map(String).join('; ') : message;
  return {
    status,
    headers: {},
    body: envelope(
      status,
      typeof code === 'string' ? code : frameworkErrorCode(status),
      typeof sentence === 'string' ? sentence : (STATUS_CODES[status] ?? 'Error'),
      details,
    ),
  };
}

function envelope(
  status: number,
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
  name: string | undefined = STATUS_CODES[status],
): Record<string, unknown> {
  const fields = { statusCode: status, error: name, code, message };
  // Spread twice: the envelope's fields come first in the body, and no detail overrides them.
  return { ...fields, ...details, ...fields };
}
