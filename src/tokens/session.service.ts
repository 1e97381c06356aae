import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CLOCK, type Clock, type Principal } from '@warden/nest-auth';
import { MfaLoginService } from '../mfa/mfa-login.service';
import type { SecondFactorProof } from '../mfa/second-factor.service';
import { CredentialsService, type VerifiedLogin } from '../users/credentials.service';
import { UsersService } from '../users/users.service';
import type { AllowedAudiences } from '../apis/api-registry.service';
import {
  hasSecondFactor,
  passwordAuthentication,
  secondFactorAuthentication,
} from './authentication';
import { RefreshTokenService } from './refresh-token.service';
import { RevocationService } from './revocation.service';
import { narrowPermissions, scopeString } from './scope';
import type { SessionContext } from './session-context';
import { earliest, tokenResponse } from './session-grant';
import { SessionStarter } from './session-starter';
import type { EnrolmentTokenResponse, TokenResponse } from './token-response';
import { RefreshTokenInvalidError } from './tokens.errors';

/**
 * Which client a session is for. `/auth/*` is the first-party door (no client: tokens carry
 * `client_id: "warden"`); the OAuth `password` and `refresh_token` grants pass the authenticated
 * client, whose id goes into the tokens and binds the refresh token (RFC 6749 §6).
 */
export interface SessionClient {
  clientId?: string;
  /** The requested permissions (a parsed `scope`): the session's tokens carry only these. */
  scope?: readonly string[];
  /** The audiences asked for (RFC 8707 §2); none: the family's, or the default audience. */
  audiences?: readonly string[];
  /** The APIs the client may ask for; `/auth/*` (first-party) may ask for any. */
  allowedAudiences?: AllowedAudiences;
  /** A third-party browser client: its tokens carry no roles (src/oidc/oidc-client.ts). */
  withoutRoles?: boolean;
}

/** Who performs an administrative revocation, for the audit trail. */
export interface RevocationContext {
  actor?: string;
  ip?: string;
}

/**
 * User sessions: one implementation behind two doors, `/auth/*` and the OAuth `password` and
 * `refresh_token` grants. A session is a refresh token family plus the access tokens issued
 * with it.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    private readonly credentials: CredentialsService,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
    private readonly mfa: MfaLoginService,
    private readonly starter: SessionStarter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Checks the credentials (lockout and audit included: InvalidCredentialsError 401,
   * AccountLockedError 429) and starts a new session. A `scope` asking for a permission the
   * user lacks is InvalidScopeError. A user with a second factor gets MfaRequiredError (its
   * `mfa_token` goes on at loginWithSecondFactor); one who must have a factor and has none,
   * only a token that can enrol one.
   */
  async login(
    login: string,
    password: string,
    context: SessionContext = {},
    client: SessionClient = {},
  ): Promise<TokenResponse | EnrolmentTokenResponse> {
    const verified = await this.credentials.verifyWithCutoff(login, password, context);
    try {
      return await this.startAfterPassword(verified, context, client);
    } catch (error) {
      // No session stored its event: the password still passed (MFA challenge, a refused
      // scope or audience, an outage), and the trail says so as it always did.
      await this.audit.record(verified.successEvent);
      throw error;
    }
  }

  private async startAfterPassword(
    { user, tokensValidAfter, successEvent }: VerifiedLogin,
    context: SessionContext,
    client: SessionClient,
  ): Promise<TokenResponse | EnrolmentTokenResponse> {
    narrowPermissions(user.permissions, client.scope);
    const scope = scopeString(client.scope);
    // After the password: an anonymous caller learns nothing of which APIs exist.
    const target = await this.starter.targetOf(client, client.audiences);
    const next = await this.mfa.afterPassword(user, {
      clientId: client.clientId,
      scope,
      audiences: client.audiences,
    });
    const authentication = passwordAuthentication(this.clock.now());
    if (next === 'enrolment') {
      const response = this.starter.enrolmentOnly(user, client.clientId, authentication);
      await this.audit.record(successEvent);
      return response;
    }
    return this.starter.start(
      user,
      {
        clientId: client.clientId,
        audiences: client.audiences,
        scope,
        target,
        authentication,
        withoutRoles: client.withoutRoles,
        tokensValidAfter,
        auditEvent: successEvent,
      },
      context,
    );
  }

  /**
   * The second step of a login: the `mfa_token` of the first (issued to this client) and a
   * TOTP or recovery code. MfaTokenInvalidError, InvalidMfaCodeError (counted towards the
   * lockout) or AccountLockedError otherwise. The session is the one the first step asked for.
   */
  async loginWithSecondFactor(
    mfaToken: string,
    proof: SecondFactorProof,
    context: SessionContext = {},
    client: Omit<SessionClient, 'scope' | 'audiences'> = {},
  ): Promise<TokenResponse> {
    const { user, grant, accepted } = await this.mfa.complete(
      mfaToken,
      client.clientId,
      proof,
      context,
    );
    const target = await this.starter.targetOf(client, grant.audiences);
    const authentication = secondFactorAuthentication(accepted.factor, this.clock.now());
    const response = await this.starter.start(
      user,
      {
        clientId: client.clientId,
        audiences: grant.audiences,
        scope: grant.scope,
        target,
        authentication,
        withoutRoles: client.withoutRoles,
      },
      context,
    );
    if (accepted.recoveryCodesRemaining !== undefined) {
      response.recovery_codes_remaining = accepted.recoveryCodesRemaining;
    }
    return response;
  }

  /**
   * Rotates the refresh token and issues a new pair, with the user's current roles and
   * permissions. RefreshTokenInvalidError / RefreshTokenReusedError (401) otherwise; a user
   * who was deleted, deactivated or logged out everywhere since gets the former.
   *
   * RFC 6749 §6: the token must have been issued to the client presenting it (`client`; none
   * for `/auth/refresh`). One presented by another client is treated as stolen: refused as
   * invalid and its family revoked, like a reused one (RFC 9700 §4.14.2). The new access token
   * keeps the session's scope, less any permission the user has lost since. It is for the
   * audiences asked for now, or else those the family was granted (RFC 8707 §2.2), checked
   * against what the client may ask for today; the family keeps its own.
   */
  async refresh(
    refreshToken: string,
    context: SessionContext = {},
    client: Omit<SessionClient, 'scope'> = {},
  ): Promise<TokenResponse> {
    const { refreshToken: next, value } = await this.refreshTokens.rotate(
      refreshToken,
      context,
      async (current, owner) => {
        if ((current.clientId ?? undefined) !== client.clientId) {
          throw new RefreshTokenInvalidError();
        }
        if (owner === null) throw new RefreshTokenInvalidError();
        const found = await this.users.withCutoff(owner);
        if (!found.user.isActive) throw new RefreshTokenInvalidError();
        const { user, tokensValidAfter: validAfter } = found;
        // A session begun without a second factor ends once the user's role requires one.
        const authentication = current.authentication ?? undefined;
        if (this.mfa.mustHaveSecondFactor(user) && !hasSecondFactor(authentication)) {
          throw new RefreshTokenInvalidError();
        }
        if (validAfter && current.createdAt < validAfter) throw new RefreshTokenInvalidError();
        const asked = client.audiences?.length ? client.audiences : current.audiences;
        const target = await this.starter.targetOf(client, asked ?? undefined);
        const access = this.starter.issueFor(
          user,
          {
            clientId: client.clientId,
            scope: current.scope ?? undefined,
            sid: current.familyId,
            target,
            authentication,
            withoutRoles: client.withoutRoles,
          },
          {
            earliestIssuedAt: earliest(validAfter, this.revocation.earliestIssuedAt(user.id)),
            previousExp: current.accessTokenExp ?? undefined,
          },
        );
        return {
          value: { access, user },
          accessToken: { jti: access.claims.jti, exp: access.claims.exp },
        };
      },
    );
    return tokenResponse(value.access, next.token, value.user);
  }

  /**
   * Ends the caller's session: the refresh family its access token was issued with, plus that
   * of `refreshToken` when it is the caller's, are revoked, with every token carrying the
   * session's id (`sid`: the tokens delegated from it too), and the access token's jti is
   * denied until its `exp`. A delegated token ends only itself: the session it was delegated
   * from is the user's, not the acting client's. Each step is stored before any replica
   * refuses by it, so a logout that fails (503) has changed no replica's answer.
   */
  async logout(
    principal: Principal,
    refreshToken?: string,
    context: SessionContext = {},
  ): Promise<void> {
    const { jti, exp, sid } = principal.claims;
    let families = 0;
    if (principal.tokenUse !== 'delegated') {
      families = await this.refreshTokens.revokeFamiliesOfAccessToken(jti, principal.sub);
      if (refreshToken !== undefined) {
        const revoked = await this.refreshTokens.revokeFamilyOf(refreshToken, {
          userId: principal.sub,
        });
        if (revoked) families += 1;
      }
    }
    // Also for a token whose family row is gone, or one issued before tokens carried `sid`.
    const ownSession = principal.tokenUse === 'access' && typeof sid === 'string';
    await this.revocation.revokeAccessTokens([
      { jti, exp },
      ...(ownSession ? this.revocation.sessionDenials([sid]) : []),
    ]);
    await this.audit.record({
      type: 'token.revoked',
      actor: principal.sub,
      subject: principal.sub,
      ip: context.ip,
      details: { reason: 'logout', sessions: families, tokenUse: principal.tokenUse },
    });
  }

  /**
   * `POST /auth/password`: checks the current password (it counts towards the lockout),
   * applies the password rules, re-hashes, and revokes every session and access token the user
   * holds.
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    context: SessionContext = {},
  ): Promise<void> {
    await this.credentials.changePassword(userId, currentPassword, newPassword, context);
    await this.endAllSessions(userId);
  }

  /** "Log out everywhere" (the admin API, user deletion): a new cut-off ends every session. */
  async revokeAllForUser(userId: string, context: RevocationContext = {}): Promise<void> {
    const revokedAt = await this.users.revokeTokens(userId, context);
    const families = await this.endAllSessions(userId, revokedAt);
    this.logger.log(`Revoked every token of a user (${families} sessions)`);
  }

  /**
   * Ends every session of a user by its stored cut-off (`tokens_valid_after`, written by
   * revokeAllForUser, a new password or a deactivation): applies it to this replica's revocation
   * state at once (the others hear it by NOTIFY), then revokes every refresh family. `cutoff` is
   * the one the caller has just stored; without it the stored one is read. Returns how many
   * families were revoked.
   */
  async endAllSessions(userId: string, cutoff?: Date): Promise<number> {
    const validAfter = cutoff ?? (await this.users.tokensValidAfter(userId));
    if (validAfter) this.revocation.applyCutoff(userId, validAfter);
    return this.refreshTokens.revokeAllForUser(userId);
  }
}
