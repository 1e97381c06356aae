import { Catch } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ErrorReply, FailedRequest } from './error-reply';
import { ErrorReplyBuilder } from './error-reply.builder';
import { ErrorReplyFilter } from './error-reply.filter';

/**
 * The service's global filter: every error becomes the public reply ErrorReplyBuilder makes
 * (Nest's body shape, `{statusCode, error, code, message}`; docs/architecture.md §5).
 */
@Catch()
export class AllExceptionsFilter extends ErrorReplyFilter<Record<string, unknown>> {
  private readonly replies = new ErrorReplyBuilder();

  // Declared so Nest reads this class's own constructor parameter types for injection.
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost);
  }

  toReply(exception: unknown, requestId?: string, request: FailedRequest = {}): ErrorReply {
    return this.replies.build(exception, requestId, request);
  }
}
