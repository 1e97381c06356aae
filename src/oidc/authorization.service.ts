import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { ClientsService } from '../tokens/clients/clients.service';
import { GRANT_TYPES } from '../tokens/clients/service-client';
import { InvalidTargetError } from '../tokens/oauth/oauth.errors';
import { SessionStarter } from '../tokens/session-starter';
import type { PublicUser } from '../users/public-user';
import {
  AuthorizationRequest,
  carriedParameters,
  parseAuthorizationRequest,
  RawParameters,
  trustedRedirect,
} from './authorization-request';
import { AuthorizationCodeService } from './authorization-code.service';
import {
  AuthorizationOutcome,
  redirectLocation,
  redirectTo,
  showPage,
} from './authorization-outcome';
import type { BrowserSession } from './browser-session.service';
import { ConsentsRepository } from './consents.repository';
import { AuthorizationRedirectError } from './oidc.errors';
import { grantedScopes, isOidcScope } from './oidc-scope';
import type { PageErrorKey } from './pages/page-views';
import { PageRenderer } from './pages/page-renderer.service';

/** Which steps the current request has just completed. */
export interface CompletedSteps {
  /** The user signed in with this very request: prompt=login and max_age are satisfied. */
  authenticated?: boolean;
  /** The user allowed the client with this very request. */
  consented?: boolean;
}

/** What the login page shows again after a failure. */
export interface LoginPageState {
  error?: PageErrorKey;
  status?: number;
  username?: string;
  headers?: Record<string, string>;
}

export const LOGIN_ACTION = '/oauth/authorize/login';
export const MFA_ACTION = '/oauth/authorize/mfa';
export const CONSENT_ACTION = '/oauth/authorize/consent';

/**
 * `GET /oauth/authorize` and the steps of its hosted pages (RFC 6749 §4.1, OIDC Core §3.1.2):
 * validates the request, then answers with the login page, the consent page, or a redirect with
 * a code (or an error) to the client. Errors before the redirect URI is trusted are thrown
 * (UntrustedAuthorizationRequestError: an error page); errors after go back to the client.
 */
@Injectable()
export class AuthorizationService {
  constructor(
    private readonly clients: ClientsService,
    private readonly codes: AuthorizationCodeService,
    private readonly consents: ConsentsRepository,
    private readonly starter: SessionStarter,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The validated request; AuthorizationRedirectError and Untrusted... as described above. */
  async validate(parameters: RawParameters): Promise<AuthorizationRequest> {
    const clientId = parameters.client_id;
    const client = typeof clientId === 'string' ? await this.clients.findById(clientId) : null;
    const trusted = trustedRedirect(parameters, client);
    try {
      const request = parseAuthorizationRequest(parameters, trusted);
      // RFC 8707 §2: an API the client may not ask for fails now, not at the token endpoint.
      // Only that refusal: an outage stays an outage (a 503 page), not the client's fault.
      await this.starter.targetOf(trusted.client, request.resources).catch((error: unknown) => {
        if (!(error instanceof InvalidTargetError)) throw error;
        throw new AuthorizationRedirectError('invalid_target', 'The resource is not allowed');
      });
      return request;
    } catch (error) {
      if (error instanceof AuthorizationRedirectError) {
        throw new RedirectableError(error, trusted.redirectUri, stateOf(parameters));
      }
      throw error;
    }
  }

  /**
   * Runs `step` on the validated request; a redirectable error of either becomes the redirect
   * to the client.
   */
  async run(
    parameters: RawParameters,
    step: (request: AuthorizationRequest) => Promise<AuthorizationOutcome>,
  ): Promise<AuthorizationOutcome> {
    let request: AuthorizationRequest;
    try {
      request = await this.validate(parameters);
    } catch (error) {
      if (!(error instanceof RedirectableError)) throw error;
      return redirectTo(this.errorLocation(error.cause, error.redirectUri, error.state));
    }
    try {
      return await step(request);
    } catch (error) {
      if (!(error instanceof AuthorizationRedirectError)) throw error;
      return redirectTo(this.errorLocation(error, request.redirectUri, request.state));
    }
  }

  /** The next page of the flow for this browser's session, or the code. */
  async proceed(
    request: AuthorizationRequest,
    parameters: RawParameters,
    session: BrowserSession | undefined,
    csrfToken: string,
    steps: CompletedSteps = {},
  ): Promise<AuthorizationOutcome> {
    if (!session || (!steps.authenticated && this.mustSignInAgain(request, session))) {
      if (request.prompt.has('none')) {
        throw new AuthorizationRedirectError('login_required', 'The user is not signed in');
      }
      return showPage(this.loginPage(request, parameters, csrfToken, {}));
    }
    if (!steps.consented && (await this.needsConsent(request, session.user))) {
      if (request.prompt.has('none')) {
        throw new AuthorizationRedirectError('consent_required', 'The user has not consented');
      }
      return showPage(this.consentPage(request, parameters, session.user, csrfToken));
    }
    const code = await this.codes.issue(request, session);
    return redirectTo(
      redirectLocation(request.redirectUri, { code, state: request.state }, this.config.jwt.issuer),
    );
  }

  loginPage(
    request: AuthorizationRequest,
    parameters: RawParameters,
    csrfToken: string,
    state: LoginPageState,
  ) {
    const page = this.pages.login({
      action: LOGIN_ACTION,
      hidden: [...carriedParameters(parameters), ['csrf_token', csrfToken]],
      clientName: request.client.name,
      username: state.username ?? request.loginHint,
      error: state.error,
      status: state.status,
      formTargets: [request.redirectUri],
    });
    return { ...page, headers: { ...page.headers, ...state.headers } };
  }

  /** After a sign-in, the next form must not ask for one again: prompt and max_age stay out. */
  consentPage(
    request: AuthorizationRequest,
    parameters: RawParameters,
    user: PublicUser,
    csrfToken: string,
  ) {
    const scopes = grantedScopes(request.scopes, {
      user: user.permissions,
      client: request.client.permissions,
      mayRefresh: request.client.grantTypes.includes(GRANT_TYPES.refreshToken),
    });
    return this.pages.consent({
      action: CONSENT_ACTION,
      hidden: [...carriedParameters(parameters, ['prompt', 'max_age']), ['csrf_token', csrfToken]],
      clientName: request.client.name,
      scopes: scopes.map((name) => ({ name, permission: !isOidcScope(name) })),
      formTargets: [request.redirectUri],
    });
  }

  async recordConsent(request: AuthorizationRequest, user: PublicUser): Promise<void> {
    await this.consents.grant(user.id, request.client.clientId, request.scopes, this.clock.now());
  }

  /** OIDC Core §3.1.2.1: prompt=login, or an authentication older than max_age. */
  private mustSignInAgain(request: AuthorizationRequest, session: BrowserSession): boolean {
    if (request.prompt.has('login')) return true;
    if (request.maxAge === undefined) return false;
    const age = Math.floor(this.clock.now().getTime() / 1000) - session.authentication.authTime;
    return age > request.maxAge;
  }

  /** First-party clients need none unless asked; others, once for every scope they ask. */
  private async needsConsent(request: AuthorizationRequest, user: PublicUser): Promise<boolean> {
    if (request.prompt.has('consent')) return true;
    if (request.client.firstParty) return false;
    const allowed = await this.consents.scopesOf(user.id, request.client.clientId);
    if (allowed.length === 0) return true;
    return request.scopes.some((scope) => !allowed.includes(scope));
  }

  private errorLocation(
    error: AuthorizationRedirectError,
    redirectUri: string,
    state: string | undefined,
  ): string {
    return redirectLocation(
      redirectUri,
      { error: error.error, error_description: error.message, state },
      this.config.jwt.issuer,
    );
  }
}

/** An AuthorizationRedirectError with where it goes: thrown by validate, caught by run. */
export class RedirectableError extends Error {
  constructor(
    override readonly cause: AuthorizationRedirectError,
    readonly redirectUri: string,
    readonly state: string | undefined,
  ) {
    super(cause.message);
  }
}

function stateOf(parameters: RawParameters): string | undefined {
  return typeof parameters.state === 'string' && parameters.state !== ''
    ? parameters.state
    : undefined;
}
