import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { KeyStoreService } from '../keys/key-store.service';
import { ClientsService } from '../tokens/clients/clients.service';
import type { ServiceClient } from '../tokens/clients/service-client';
import type { RawParameters } from './authorization-request';
import { redirectLocation, redirectTo, showPage } from './authorization-outcome';
import { csrfMatches } from './browser-cookies';
import { BrowserSessionService } from './browser-session.service';
import { HostedReplies, HostedRequest } from './hosted-request';
import { IdTokenHint, readIdTokenHint } from './id-token-hint';
import { CsrfTokenError, InvalidLogoutRequestError } from './oidc.errors';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './pages/page-renderer.service';

interface LogoutRequest {
  hint?: IdTokenHint;
  client?: ServiceClient;
  postLogoutRedirectUri?: string;
  state?: string;
}

const LOGOUT_PARAMETERS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'];

/**
 * OIDC RP-Initiated Logout 1.0 (the `end_session_endpoint`): a confirmation page (a link alone
 * must not sign anyone out: §2 leaves it to the OP to ask), whose post ends this browser's
 * single sign-on session and every refresh family started under it, for every app, then returns
 * to the client's registered `post_logout_redirect_uri` with `state`, or shows "signed out".
 */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('oauth/logout')
export class LogoutController {
  constructor(
    private readonly sessions: BrowserSessionService,
    private readonly clients: ClientsService,
    private readonly keys: KeyStoreService,
    private readonly replies: HostedReplies,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async confirm(
    @Query() query: RawParameters,
    @Req() request: HostedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const browser = this.replies.stateOf(request);
    const logout = await this.validate(query);
    const page = this.pages.logout({
      action: '/oauth/logout',
      hidden: [...carried(query), ['csrf_token', browser.csrfToken]],
      clientName: logout.client?.name,
      formTargets: logout.postLogoutRedirectUri ? [logout.postLogoutRedirectUri] : [],
    });
    this.replies.send(reply, showPage(page), browser.cookies);
  }

  @Post()
  async logout(
    @Body() body: RawParameters | undefined,
    @Req() request: HostedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const browser = this.replies.stateOf(request);
    const fields = body ?? {};
    if (browser.cookies.length > 0 || !csrfMatches(browser.csrfToken, fields.csrf_token)) {
      throw new CsrfTokenError();
    }
    const logout = await this.validate(fields);
    const session = await this.sessions.resolve(browser.sessionCookie);
    if (session) await this.sessions.end(session.id, browser.context, 'logout');
    // The session the hint names, if its user's: the RP's, when this browser's cookie is gone.
    const { hint } = logout;
    if (hint?.sid && hint.sid !== session?.id) await this.endHinted(hint, browser.context);
    const cookies = [...browser.cookies, this.replies.clearedSessionCookie()];
    const outcome = logout.postLogoutRedirectUri
      ? redirectTo(redirectLocation(logout.postLogoutRedirectUri, { state: logout.state }))
      : showPage(this.pages.loggedOut());
    this.replies.send(reply, outcome, cookies);
  }

  /** §3: a post_logout_redirect_uri must be registered, exactly, for the hint's client. */
  private async validate(parameters: RawParameters): Promise<LogoutRequest> {
    const token = text(parameters, 'id_token_hint');
    const hint = token
      ? readIdTokenHint(token, this.config.jwt.issuer, (kid) => this.keys.getVerificationKey(kid))
      : undefined;
    if (token && !hint) throw new InvalidLogoutRequestError('The id_token_hint is not valid');
    const clientId = text(parameters, 'client_id') ?? hint?.clientId;
    if (hint && clientId !== hint.clientId) {
      throw new InvalidLogoutRequestError('client_id does not match the id_token_hint');
    }
    const client = clientId ? ((await this.clients.findById(clientId)) ?? undefined) : undefined;
    const postLogoutRedirectUri = text(parameters, 'post_logout_redirect_uri');
    if (postLogoutRedirectUri !== undefined) {
      if (!client?.postLogoutRedirectUris.includes(postLogoutRedirectUri)) {
        throw new InvalidLogoutRequestError(
          'The post_logout_redirect_uri is not registered for this client',
        );
      }
    }
    return { hint, client, postLogoutRedirectUri, state: text(parameters, 'state') };
  }

  private async endHinted(hint: IdTokenHint, context: { ip?: string }): Promise<void> {
    if (!hint.sid) return;
    const owner = await this.sessions.ownerOf(hint.sid);
    if (owner === hint.sub) await this.sessions.end(hint.sid, context, 'logout');
  }
}

function text(parameters: RawParameters, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidLogoutRequestError(`${name} is repeated`);
  return value;
}

function carried(parameters: RawParameters): Array<[string, string]> {
  return LOGOUT_PARAMETERS.flatMap((name) => {
    const value = text(parameters, name);
    return value === undefined ? [] : [[name, value] as [string, string]];
  });
}
