import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '@warden/nest-auth';
import type { AuditEventInput } from '../audit/audit-event';
import { AllowedAudiences, ApiRegistry } from '../apis/api-registry.service';
import type { TokenTarget } from '../apis/token-target';
import { MFA_ENROLMENT_AUDIENCE } from '../mfa/enrolment-token';
import type { PublicUser } from '../users/public-user';
import { UsersService } from '../users/users.service';
import { AccessTokenIssuer, IssuedAccessToken } from './access-token.issuer';
import type { Authentication } from './authentication';
import { RefreshTokenService } from './refresh-token.service';
import { RevocationService } from './revocation.service';
import type { SessionContext } from './session-context';
import {
  earliest,
  enrolmentSubject,
  SessionGrant,
  sessionSubject,
  tokenResponse,
} from './session-grant';
import type { EnrolmentTokenResponse, TokenResponse } from './token-response';

/** The client side of a new session: who asks, and for which APIs. */
export interface SessionTarget {
  clientId?: string;
  /** The audiences asked for (RFC 8707 §2); none: the default audience. */
  audiences?: readonly string[];
  /** The APIs the client may ask for; `/auth/*` (first-party) may ask for any. */
  allowedAudiences?: AllowedAudiences;
}

/** Everything a new session is started with, once the user is authenticated. */
export interface NewSession extends SessionTarget {
  scope?: string;
  target: TokenTarget;
  authentication: Authentication;
  /** Leave the user's roles out of the session's tokens (see SessionGrant). */
  withoutRoles?: boolean;
  /** The user's token cut-off when the caller has just read it (saves reading it again). */
  tokensValidAfter?: Date | null;
  /** Recorded in the statement that stores the refresh token (the login's success). */
  auditEvent?: AuditEventInput;
}

/** A started session: the response, and the family id its tokens carry as `sid`. */
export interface StartedSession {
  response: TokenResponse;
  familyId: string;
  access: IssuedAccessToken;
}

/**
 * Starts sessions and issues their access tokens, for SessionService's login, second-factor
 * login and refresh: the family, the token's API, and the earliest issue time a "log out
 * everywhere" allows.
 */
@Injectable()
export class SessionStarter {
  constructor(
    private readonly users: UsersService,
    private readonly issuer: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: RevocationService,
    private readonly apis: ApiRegistry,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  /** A new refresh family and its first access token. */
  async start(
    user: PublicUser,
    session: NewSession,
    context: SessionContext,
  ): Promise<TokenResponse> {
    return (await this.startSession(user, session, context)).response;
  }

  /** As start, with the family id and the access token's claims. */
  async startSession(
    user: PublicUser,
    session: NewSession,
    context: SessionContext,
  ): Promise<StartedSession> {
    // The family id first: the access token carries it as its session id (`sid`).
    const familyId = randomUUID();
    const { clientId, scope, target, authentication, withoutRoles } = session;
    const access = this.issueFor(
      user,
      { clientId, scope, sid: familyId, target, authentication, withoutRoles },
      { earliestIssuedAt: await this.earliestIssuedAt(user.id, session.tokensValidAfter) },
    );
    const refresh = await this.refreshTokens.issue({
      familyId,
      userId: user.id,
      clientId,
      scope,
      audiences: session.audiences?.length ? session.audiences : undefined,
      authentication,
      accessToken: { jti: access.claims.jti, exp: access.claims.exp },
      context,
      auditEvent: session.auditEvent,
    });
    return { response: tokenResponse(access, refresh.token, user), familyId, access };
  }

  /** The one token of a user who must enrol a second factor first: no session, no refresh. */
  enrolmentOnly(
    user: PublicUser,
    clientId: string | undefined,
    authentication: Authentication,
  ): EnrolmentTokenResponse {
    const access = this.issuer.issue(enrolmentSubject(user, clientId, authentication), {
      audience: MFA_ENROLMENT_AUDIENCE,
    });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      user,
      mfa_enrolment_required: true,
    };
  }

  issueFor(
    user: PublicUser,
    grant: SessionGrant,
    timing: { earliestIssuedAt?: number; previousExp?: number },
  ): IssuedAccessToken {
    return this.issuer.issue(sessionSubject(user, grant), {
      ...timing,
      ttl: grant.target.ttl,
      audience: grant.target.aud,
    });
  }

  targetOf(client: SessionTarget, audiences: readonly string[] | undefined): Promise<TokenTarget> {
    return this.apis.targetFor({
      requested: audiences ?? [],
      allowed: client.allowedAudiences ?? 'any',
      tokenUse: 'access',
      defaultTtl: this.issuer.defaultTtl('access'),
    });
  }

  /** The earliest `iat` the user's tokens may have; `known`: its cut-off, already read. */
  async earliestIssuedAt(userId: string, known?: Date | null): Promise<number | undefined> {
    const validAfter = known !== undefined ? known : await this.users.tokensValidAfter(userId);
    return earliest(validAfter, this.revocation.earliestIssuedAt(userId));
  }
}
