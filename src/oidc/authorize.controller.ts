import { Body, Controller, Get, Header, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@warden/nest-auth';
import { ThrottleAuth } from '../common/throttle-auth.decorator';
import type { RawParameters } from './authorization-request';
import type { AuthorizationOutcome } from './authorization-outcome';
import { AuthorizationService } from './authorization.service';
import { csrfMatches } from './browser-cookies';
import { BrowserSessionService } from './browser-session.service';
import { HostedLoginService, HostedPost } from './hosted-login.service';
import { BrowserState, HostedReplies, HostedRequest } from './hosted-request';
import { CsrfTokenError } from './oidc.errors';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './pages/page-renderer.service';

/**
 * The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2) and the posts of its hosted
 * pages. HTML for people, not an API: left out of the OpenAPI document, and every error is a
 * page (PageExceptionFilter) or a redirect to the client.
 */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('oauth')
export class AuthorizeController {
  constructor(
    private readonly authorization: AuthorizationService,
    private readonly hosted: HostedLoginService,
    private readonly sessions: BrowserSessionService,
    private readonly replies: HostedReplies,
    private readonly pages: PageRenderer,
  ) {}

  @Get('authorize')
  async authorize(
    @Query() query: RawParameters,
    @Req() request: HostedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const browser = this.replies.stateOf(request);
    const session = await this.sessions.resolve(browser.sessionCookie);
    const outcome = await this.authorization.run(query, (authorizationRequest) =>
      this.authorization.proceed(authorizationRequest, query, session, browser.csrfToken),
    );
    this.replies.send(reply, outcome, browser.cookies);
  }

  @Post('authorize/login')
  @ThrottleAuth()
  async login(
    @Body() body: RawParameters,
    @Req() request: HostedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { post, browser } = await this.postOf(body, request);
    const { outcome, session } = await this.hosted.password(post);
    this.sendSignedIn(reply, outcome, browser, session && this.replies.sessionCookie(session));
  }

  @Post('authorize/mfa')
  @ThrottleAuth()
  async secondFactor(
    @Body() body: RawParameters,
    @Req() request: HostedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { post, browser } = await this.postOf(body, request);
    const { outcome, session } = await this.hosted.secondFactor(post);
    this.sendSignedIn(reply, outcome, browser, session && this.replies.sessionCookie(session));
  }

  @Post('authorize/consent')
  async consent(
    @Body() body: RawParameters,
    @Req() request: HostedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { post, browser } = await this.postOf(body, request);
    this.replies.send(reply, await this.hosted.consent(post), browser.cookies);
  }

  /** The hosted pages' one stylesheet (a theme's, when THEME_DIR has one). */
  @Get('assets/warden.css')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(@Req() request: HostedRequest, @Res() reply: FastifyReply): void {
    const { css, etag } = this.pages.stylesheet();
    void reply.header('etag', etag).header('content-type', 'text/css; charset=utf-8');
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304).send();
      return;
    }
    void reply.send(css);
  }

  /** A hosted form's post, refused (CsrfTokenError, 403) unless it carries this browser's token. */
  private async postOf(
    body: RawParameters | undefined,
    request: HostedRequest,
  ): Promise<{ post: HostedPost; browser: BrowserState }> {
    const browser = this.replies.stateOf(request);
    const fields = body ?? {};
    if (browser.cookies.length > 0 || !csrfMatches(browser.csrfToken, fields.csrf_token)) {
      throw new CsrfTokenError();
    }
    const session = await this.sessions.resolve(browser.sessionCookie);
    return {
      post: { body: fields, csrfToken: browser.csrfToken, session, context: browser.context },
      browser,
    };
  }

  private sendSignedIn(
    reply: FastifyReply,
    outcome: AuthorizationOutcome,
    browser: BrowserState,
    sessionCookie: string | undefined,
  ): void {
    const cookies = sessionCookie ? [...browser.cookies, sessionCookie] : browser.cookies;
    this.replies.send(reply, outcome, cookies);
  }
}
