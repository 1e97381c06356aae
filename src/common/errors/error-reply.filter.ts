import { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ErrorReply, FailedRequest } from './error-reply';

/**
 * Writes an ErrorReply through the HTTP adapter (Fastify or Express). Subclasses only decide
 * the reply; the request id they get is the one the logger gave the request.
 */
export abstract class ErrorReplyFilter<Body extends object> implements ExceptionFilter {
  /** Headers on every reply of this filter; a reply's own headers win. */
  protected readonly fixedHeaders: Readonly<Record<string, string>> = {};

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  abstract toReply(
    exception: unknown,
    requestId?: string,
    request?: FailedRequest,
  ): ErrorReply<Body>;

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FailedRequest & { id?: unknown }>();
    const response: unknown = http.getResponse();
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    const reply = this.toReply(exception, requestId, request);
    const { httpAdapter } = this.adapterHost;
    for (const [name, value] of Object.entries({ ...this.fixedHeaders, ...reply.headers })) {
      httpAdapter.setHeader(response, name, value);
    }
    httpAdapter.reply(response, reply.body, reply.status);
  }
}
