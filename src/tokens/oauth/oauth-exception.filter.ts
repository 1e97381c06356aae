import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AllExceptionsFilter } from '../../common/errors/all-exceptions.filter';
import { WardenError } from '../../common/errors/warden-error';
import {
  INVALID_REQUEST,
  OAUTH_ERRORS,
  SERVER_ERROR,
  TEMPORARILY_UNAVAILABLE,
} from './oauth-error.table';

export interface OAuthErrorReply {
  status: number;
  headers: Record<string, string>;
  body: { error: string; error_description: string };
}

/**
 * The error responses of the OAuth endpoints: RFC 6749 §5.2 bodies `{error,
 * error_description}` through OAUTH_ERRORS, with `Cache-Control: no-store`. Anything the table
 * does not name (validation, throttling, outages, bugs) first goes through the service's
 * AllExceptionsFilter for its status, headers and logging, then gets the matching OAuth code.
 */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly fallback: AllExceptionsFilter;

  constructor(private readonly adapterHost: HttpAdapterHost) {
    this.fallback = new AllExceptionsFilter(adapterHost);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: unknown; method?: string; url?: string }>();
    const response: unknown = http.getResponse();
    const reply = this.toReply(exception, request);
    const { httpAdapter } = this.adapterHost;
    const headers = { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...reply.headers };
    for (const [name, value] of Object.entries(headers)) {
      httpAdapter.setHeader(response, name, value);
    }
    httpAdapter.reply(response, reply.body, reply.status);
  }

  toReply(
    exception: unknown,
    request: { id?: unknown; method?: string; url?: string } = {},
  ): OAuthErrorReply {
    const mapping = exception instanceof WardenError ? OAUTH_ERRORS[exception.code] : undefined;
    if (mapping && exception instanceof WardenError) {
      return {
        status: mapping.status,
        headers: mapping.headers?.(exception.details) ?? {},
        body: { error: mapping.error, error_description: mapping.description ?? exception.message },
      };
    }
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    const generic = this.fallback.toReply(exception, requestId, request);
    return {
      status: generic.status,
      headers: generic.headers,
      body: { error: errorFor(generic.status), error_description: describe(exception, generic) },
    };
  }
}

/** RFC 6749 has no code for "too many requests"; 429 and 503 both mean: try again later. */
function errorFor(status: number): string {
  if (status === 429 || status === 503) return TEMPORARILY_UNAVAILABLE;
  return status >= 500 ? SERVER_ERROR : INVALID_REQUEST;
}

/** The public message of the generic reply (never an internal error's own message). */
function describe(exception: unknown, generic: { status: number; body: Record<string, unknown> }) {
  const { message } = generic.body;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return generic.status >= 500 || !(exception instanceof HttpException)
    ? 'Internal server error'
    : exception.message;
}
