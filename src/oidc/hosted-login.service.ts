import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { InvalidMfaCodeError, MfaRequiredError, MfaTokenInvalidError } from '../mfa/mfa.errors';
import { MfaLoginService } from '../mfa/mfa-login.service';
import type { SecondFactorProof } from '../mfa/second-factor.service';
import {
  passwordAuthentication,
  secondFactorAuthentication,
  type Authentication,
} from '../tokens/authentication';
import type { SessionContext } from '../tokens/session-context';
import { CredentialsService } from '../users/credentials.service';
import type { PublicUser } from '../users/public-user';
import { AccountLockedError, InvalidCredentialsError } from '../users/users.errors';
import { AuthorizationRequest, carriedParameters, RawParameters } from './authorization-request';
import { AuthorizationOutcome, showPage, SignedInOutcome } from './authorization-outcome';
import { AuthorizationService, MFA_ACTION } from './authorization.service';
import { AuthorizationRedirectError } from './oidc.errors';
import { BrowserSession, BrowserSessionService } from './browser-session.service';
import { PageRenderer } from './pages/page-renderer.service';

/** A hosted form's post: its fields, this browser's CSRF token and session (if any). */
export interface HostedPost {
  body: RawParameters;
  csrfToken: string;
  session: BrowserSession | undefined;
  context: SessionContext;
}

/**
 * The hosted pages' posts (docs/architecture.md §8): the password, the second factor and the
 * consent. Credentials go through the same services as `/auth/login`, so the lockout, the
 * throttle, the audit trail and the second factor are exactly theirs. A successful sign-in
 * starts a new single sign-on session (replacing this browser's previous one) and goes on with
 * the authorization request.
 */
@Injectable()
export class HostedLoginService {
  constructor(
    private readonly authorization: AuthorizationService,
    private readonly credentials: CredentialsService,
    private readonly mfa: MfaLoginService,
    private readonly sessions: BrowserSessionService,
    private readonly pages: PageRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async password(post: HostedPost): Promise<SignedInOutcome> {
    let started: SignedInOutcome['session'];
    const outcome = await this.authorization.run(post.body, async (request) => {
      const username = field(post.body, 'username');
      const user = await this.verifyPassword(request, post, username);
      if ('kind' in user) return user;
      const next = await this.secondStep(request, post, user);
      if (next) return next;
      started = await this.signIn(user, passwordAuthentication(this.clock.now()), post);
      return this.authorization.proceed(request, post.body, started, post.csrfToken, {
        authenticated: true,
      });
    });
    return { outcome, session: started };
  }

  async secondFactor(post: HostedPost): Promise<SignedInOutcome> {
    let started: SignedInOutcome['session'];
    const outcome = await this.authorization.run(post.body, async (request) => {
      const mfaToken = field(post.body, 'mfa_token');
      const proof = proofOf(post.body);
      if (!proof) return this.mfaPage(request, post, mfaToken, { error: 'invalid_code' });
      try {
        const done = await this.mfa.complete(
          mfaToken,
          request.client.clientId,
          proof,
          post.context,
        );
        const authentication = secondFactorAuthentication(done.accepted.factor, this.clock.now());
        started = await this.signIn(done.user, authentication, post);
      } catch (error) {
        if (error instanceof InvalidMfaCodeError) {
          return this.mfaPage(request, post, mfaToken, { error: 'invalid_code', status: 401 });
        }
        if (error instanceof AccountLockedError) {
          return this.mfaPage(request, post, mfaToken, lockedState(error));
        }
        if (error instanceof MfaTokenInvalidError) {
          const page = this.authorization.loginPage(request, post.body, post.csrfToken, {
            error: 'mfa_expired',
            status: 401,
          });
          return showPage(page);
        }
        throw error;
      }
      return this.authorization.proceed(request, post.body, started, post.csrfToken, {
        authenticated: true,
      });
    });
    return { outcome, session: started };
  }

  /** The consent page's answer; without a live session, the login page first. */
  consent(post: HostedPost): Promise<AuthorizationOutcome> {
    return this.authorization.run(post.body, async (request) => {
      const { session } = post;
      if (!session)
        return this.authorization.proceed(request, post.body, undefined, post.csrfToken);
      if (post.body.decision !== 'allow') {
        throw new AuthorizationRedirectError('access_denied', 'The user denied the request');
      }
      await this.authorization.recordConsent(request, session.user);
      return this.authorization.proceed(request, post.body, session, post.csrfToken, {
        consented: true,
      });
    });
  }

  /** The user, or the login page again with why not. */
  private async verifyPassword(
    request: AuthorizationRequest,
    post: HostedPost,
    username: string,
  ): Promise<PublicUser | AuthorizationOutcome> {
    const retry = (state: Parameters<AuthorizationService['loginPage']>[3]) =>
      showPage(
        this.authorization.loginPage(request, post.body, post.csrfToken, { username, ...state }),
      );
    if (username === '' || field(post.body, 'password') === '') {
      return retry({ error: 'invalid_credentials', status: 400 });
    }
    try {
      return await this.credentials.verify(username, field(post.body, 'password'), post.context);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        return retry({ error: 'invalid_credentials', status: 401 });
      }
      if (error instanceof AccountLockedError) return retry(lockedState(error));
      throw error;
    }
  }

  /** The second-factor page for an enrolled user; an error page for one who must enrol first. */
  private async secondStep(
    request: AuthorizationRequest,
    post: HostedPost,
    user: PublicUser,
  ): Promise<AuthorizationOutcome | undefined> {
    try {
      const next = await this.mfa.afterPassword(user, {
        clientId: request.client.clientId,
        scope: request.scopes.join(' '),
        audiences: request.resources,
      });
      if (next === 'session') return undefined;
      return showPage(this.pages.error({ error: 'mfa_enrolment_required', status: 403 }));
    } catch (error) {
      if (error instanceof MfaRequiredError) return this.mfaPage(request, post, error.mfaToken, {});
      throw error;
    }
  }

  private mfaPage(
    request: AuthorizationRequest,
    post: HostedPost,
    mfaToken: string,
    state: {
      error?: 'invalid_code' | 'account_locked';
      status?: number;
      headers?: Record<string, string>;
    },
  ): AuthorizationOutcome {
    const page = this.pages.mfa({
      action: MFA_ACTION,
      hidden: [
        ...carriedParameters(post.body),
        ['mfa_token', mfaToken],
        ['csrf_token', post.csrfToken],
      ],
      clientName: request.client.name,
      error: state.error,
      status: state.status,
      formTargets: [request.redirectUri],
    });
    return showPage({ ...page, headers: { ...page.headers, ...state.headers } });
  }

  /**
   * A new session for this browser (a new cookie value: no fixation). The one it had goes on
   * under it when it was the same user's, and ends, with its apps, when it was another's.
   */
  private async signIn(user: PublicUser, authentication: Authentication, post: HostedPost) {
    const started = await this.sessions.start(user, authentication, post.context);
    if (post.session) await this.sessions.replace(post.session, started, post.context);
    return started;
  }
}

function field(body: RawParameters, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function proofOf(body: RawParameters): SecondFactorProof | undefined {
  const code = field(body, 'code').trim();
  if (code !== '') return { code };
  const recoveryCode = field(body, 'recovery_code').trim();
  return recoveryCode !== '' ? { recoveryCode } : undefined;
}

function lockedState(error: AccountLockedError) {
  return {
    error: 'account_locked' as const,
    status: 429,
    headers: { 'Retry-After': String(error.retryAfterSeconds) },
  };
}
