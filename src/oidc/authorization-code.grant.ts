import { Injectable } from '@nestjs/common';
import type { Authentication } from '../tokens/authentication';
import { GRANT_TYPES, type ServiceClient } from '../tokens/clients/service-client';
import type { TokenRequestDto } from '../tokens/oauth/dto/token-request.dto';
import {
  InvalidGrantError,
  InvalidTargetError,
  OAuthInvalidRequestError,
} from '../tokens/oauth/oauth.errors';
import { OAuthTokenResponse, oauthTokenResponse } from '../tokens/oauth/oauth-token-response';
import { audiencesOfRequest } from '../tokens/oauth/requested-audiences';
import type { SessionContext } from '../tokens/session-context';
import { SessionStarter } from '../tokens/session-starter';
import { UsersService } from '../users/users.service';
import type { AuthorizationCodeGrant } from './authorization-codes.repository';
import { AuthorizationCodeService } from './authorization-code.service';
import { BrowserSessionService } from './browser-session.service';
import { IdTokenIssuer } from './id-token.issuer';
import { tokensCarryRoles } from './oidc-client';
import { grantedScopes, scopeIncludes } from './oidc-scope';

/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.5, OIDC Core §3.1.3): the code
 * becomes a session of the user for the client. The access token carries the permissions asked
 * for that the user and the client both hold; the refresh token is returned only with
 * `offline_access`; the ID token with `openid`.
 */
@Injectable()
export class AuthorizationCodeTokenGrant {
  constructor(
    private readonly codes: AuthorizationCodeService,
    private readonly sessions: BrowserSessionService,
    private readonly starter: SessionStarter,
    private readonly users: UsersService,
    private readonly idTokens: IdTokenIssuer,
  ) {}

  async grant(
    client: ServiceClient,
    request: TokenRequestDto,
    context: SessionContext,
  ): Promise<OAuthTokenResponse> {
    if (request.code === undefined) throw new OAuthInvalidRequestError('code is required');
    const redeemed = await this.codes.redeem(client, {
      code: request.code,
      redirectUri: request.redirect_uri,
      codeVerifier: request.code_verifier,
    });
    const { grant } = redeemed;
    const user = await this.liveUser(grant);
    const audiences = this.audiencesOf(grant, request);
    const target = await this.starter.targetOf(client, audiences);
    const scopes = grantedScopes(grant.scope.split(' ').filter(Boolean), {
      user: user.permissions,
      client: client.permissions,
      mayRefresh: client.grantTypes.includes(GRANT_TYPES.refreshToken),
    });
    const scope = scopes.join(' ');
    const authentication = authenticationOf(grant);
    const started = await this.starter.startSession(
      user,
      {
        clientId: client.clientId,
        audiences,
        scope,
        target,
        authentication,
        withoutRoles: !tokensCarryRoles(client),
      },
      context,
    );
    await this.codes.recordFamily(redeemed, started.familyId);
    if (grant.browserSessionId !== null) {
      await this.sessions.linkFamily(grant.browserSessionId, started.familyId, client.clientId);
    }
    const { response, access } = started;
    const tokens = oauthTokenResponse(
      { token: access.token, expiresIn: access.expiresIn, scope },
      scopeIncludes(scope, 'offline_access') ? { refresh_token: response.refresh_token } : {},
    );
    if (!scopeIncludes(scope, 'openid')) return tokens;
    const idToken = this.idTokens.issue({
      userId: user.id,
      clientId: client.clientId,
      authentication,
      nonce: grant.nonce ?? undefined,
      sid: grant.browserSessionId ?? undefined,
      accessToken: access.token,
    });
    return { ...tokens, id_token: idToken };
  }

  /**
   * The user as now: deactivated, deleted, logged out everywhere or signed out of the session
   * since the code was issued, there is nothing to grant.
   */
  private async liveUser(grant: AuthorizationCodeGrant) {
    const user = await this.users.findById(grant.userId);
    if (!user?.isActive) throw new InvalidGrantError('The user can no longer sign in');
    const validAfter = await this.users.tokensValidAfter(user.id);
    if (validAfter && grant.createdAt < validAfter) {
      throw new InvalidGrantError('The user has signed out since');
    }
    if (grant.browserSessionId !== null && !(await this.sessions.isLive(grant.browserSessionId))) {
      throw new InvalidGrantError('The user has signed out since');
    }
    return user;
  }

  /** RFC 8707 §2.2: the token request may name some of the resources the code was issued for. */
  private audiencesOf(
    grant: AuthorizationCodeGrant,
    request: TokenRequestDto,
  ): string[] | undefined {
    const granted = grant.audiences ?? [];
    const asked = audiencesOfRequest(request);
    if (asked.length === 0) return granted.length > 0 ? granted : undefined;
    const outside = asked.filter((audience) => !granted.includes(audience));
    if (outside.length > 0) {
      throw new InvalidTargetError('The resource was not part of the authorization request');
    }
    return asked;
  }
}

function authenticationOf(grant: AuthorizationCodeGrant): Authentication {
  const authTime = Math.floor(grant.authTime.getTime() / 1000);
  return { amr: grant.amr, acr: grant.acr, authTime };
}
