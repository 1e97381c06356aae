import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorReplyBuilder } from '../common/errors/error-reply.builder';
import {
  CsrfTokenError,
  InvalidLogoutRequestError,
  UntrustedAuthorizationRequestError,
} from './oidc.errors';
import { PageRenderer } from './pages/page-renderer.service';

/**
 * The hosted pages answer in HTML, whatever fails: an untrusted authorization request (RFC 6749
 * §4.1.2.1) or a bad logout request on the error page with its OAuth code, a missing CSRF token
 * as 403, throttling as 429 with Retry-After, an outage as 503. Status, headers and logging are
 * those of the service's JSON replies (ErrorReplyBuilder); internal detail never reaches the page.
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly replies = new ErrorReplyBuilder();

  constructor(private readonly pages: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<{ id?: unknown; method?: string; url?: string }>();
    const page = this.pageFor(exception, request);
    void reply.status(page.status).headers(page.headers).send(page.html);
  }

  private pageFor(exception: unknown, request: { id?: unknown; method?: string; url?: string }) {
    if (exception instanceof UntrustedAuthorizationRequestError) {
      return this.pages.error({
        error: exception.error,
        description: exception.message,
        status: 400,
      });
    }
    if (exception instanceof InvalidLogoutRequestError) {
      return this.pages.error({
        error: 'invalid_request',
        description: exception.message,
        status: 400,
      });
    }
    if (exception instanceof CsrfTokenError) {
      return this.pages.error({ error: 'csrf', status: 403 });
    }
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    const generic = this.replies.build(exception, requestId, request);
    const page = this.pages.error({ error: errorFor(generic.status), status: generic.status });
    return { ...page, headers: { ...page.headers, ...generic.headers } };
  }
}

function errorFor(status: number): string {
  if (status === 429) return 'throttled';
  if (status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}
