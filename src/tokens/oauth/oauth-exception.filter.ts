import { Catch, HttpException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ErrorReply, FailedRequest } from '../../common/errors/error-reply';
import { mappedReply } from '../../common/errors/error-reply';
import { ErrorReplyBuilder } from '../../common/errors/error-reply.builder';
import { ErrorReplyFilter } from '../../common/errors/error-reply.filter';
import { WardenError } from '../../common/errors/warden-error';
import {
  INVALID_REQUEST,
  OAUTH_ERRORS,
  SERVER_ERROR,
  TEMPORARILY_UNAVAILABLE,
} from './oauth-error.table';

/** RFC 6749 §5.2: the body of every error of the token endpoint. */
export interface OAuthErrorBody {
  error: string;
  error_description: string;
  /** The extension parameters of an error, e.g. the `mfa_token` of `mfa_required`. */
  [parameter: string]: unknown;
}
export type OAuthErrorReply = ErrorReply<OAuthErrorBody>;

/**
 * The error responses of the OAuth endpoints: RFC 6749 §5.2 bodies `{error,
 * error_description}` through OAUTH_ERRORS, with `Cache-Control: no-store` (§5.1). Anything the
 * table does not name (validation, throttling, outages, bugs) gets the status, headers and
 * logging of the service's own reply (ErrorReplyBuilder), then the matching OAuth code.
 */
@Catch()
export class OAuthExceptionFilter extends ErrorReplyFilter<OAuthErrorBody> {
  protected override readonly fixedHeaders = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
  private readonly replies = new ErrorReplyBuilder();

  // Declared so Nest reads this class's own constructor parameter types for injection.
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost);
  }

  toReply(exception: unknown, requestId?: string, request: FailedRequest = {}): OAuthErrorReply {
    const mapping = exception instanceof WardenError ? OAUTH_ERRORS[exception.code] : undefined;
    if (mapping && exception instanceof WardenError) {
      return mappedReply(exception, mapping, () => ({
        ...parametersOf(exception, mapping.parameters),
        error: mapping.error,
        error_description: mapping.description ?? exception.message,
      }));
    }
    const generic = this.replies.build(exception, requestId, request);
    return {
      status: generic.status,
      headers: generic.headers,
      body: { error: errorFor(generic.status), error_description: describe(exception, generic) },
    };
  }
}

function parametersOf(error: WardenError, names: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    names.filter((name) => error.details?.[name] !== undefined).map((n) => [n, error.details?.[n]]),
  );
}

/** RFC 6749 has no code for "too many requests"; 429 and 503 both mean: try again later. */
function errorFor(status: number): string {
  if (status === 429 || status === 503) return TEMPORARILY_UNAVAILABLE;
  return status >= 500 ? SERVER_ERROR : INVALID_REQUEST;
}

/** The public message of the generic reply (never an internal error's own message). */
function describe(exception: unknown, generic: ErrorReply): string {
  const { message } = generic.body;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return generic.status >= 500 || !(exception instanceof HttpException)
    ? 'Internal server error'
    : exception.message;
}
