import type { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '../config';
import { contextOf, type ClientRequest } from '../tokens/session-context';
import type { SessionContext } from '../tokens/session-context';
import type { AuthorizationOutcome } from './authorization-outcome';
import {
  clearCookie,
  CookieNames,
  cookieNames,
  isRandomToken,
  randomToken,
  readCookie,
  setCookie,
} from './browser-cookies';
import type { StartedBrowserSession } from './browser-session.service';
import { Inject, Injectable } from '@nestjs/common';

/** What the hosted routes read of a request. */
export interface HostedRequest extends ClientRequest {
  query?: unknown;
  body?: unknown;
}

/** This browser's cookies, as one request of the hosted pages sees them. */
export interface BrowserState {
  csrfToken: string;
  sessionCookie: string | undefined;
  context: SessionContext;
  /** Set-Cookie values the reply must carry (a new CSRF token, a session). */
  cookies: string[];
}

/** A CSRF cookie outlives the pages it protects: a day, then a fresh one. */
const CSRF_COOKIE_MAX_AGE = 86400;

/**
 * The cookies and replies of the hosted pages: the CSRF cookie (made on first sight), the
 * single sign-on cookie, and how an outcome is written (a page, or a 303 that the browser
 * follows with GET, RFC 9110 §15.4.4).
 */
@Injectable()
export class HostedReplies {
  readonly names: CookieNames;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.names = cookieNames(config.jwt.issuer);
  }

  stateOf(request: HostedRequest): BrowserState {
    const cookie = request.headers.cookie;
    const existing = readCookie(cookie, this.names.csrf);
    const csrfToken = isRandomToken(existing) ? existing : randomToken();
    const cookies =
      csrfToken === existing
        ? []
        : [setCookie(this.names, this.names.csrf, csrfToken, CSRF_COOKIE_MAX_AGE)];
    return {
      csrfToken,
      sessionCookie: readCookie(cookie, this.names.session),
      context: contextOf(request),
      cookies,
    };
  }

  sessionCookie(session: StartedBrowserSession): string {
    return setCookie(this.names, this.names.session, session.cookie, session.maxAge);
  }

  clearedSessionCookie(): string {
    return clearCookie(this.names, this.names.session);
  }

  send(reply: FastifyReply, outcome: AuthorizationOutcome, cookies: readonly string[]): void {
    if (cookies.length > 0) void reply.header('set-cookie', [...cookies]);
    if (outcome.kind === 'redirect') {
      void reply
        .status(303)
        .header('location', outcome.location)
        .header('cache-control', 'no-store')
        .send();
      return;
    }
    const { page } = outcome;
    void reply.status(page.status).headers(page.headers).send(page.html);
  }
}
