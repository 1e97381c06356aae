import { Injectable } from '@nestjs/common';
import { ApiRegistry } from '../../apis/api-registry.service';
import { attributeClaims, permittedFor } from '../../apis/token-target';
import { AccessTokenIssuer } from '../access-token.issuer';
import {
  clientSubject,
  GRANT_TYPES,
  MFA_GRANT_TYPE,
  ServiceClient,
} from '../clients/service-client';
import type { SecondFactorProof } from '../../mfa/second-factor.service';
import { SessionService } from '../session.service';
import type { SessionContext } from '../session-context';
import type { EnrolmentTokenResponse, TokenResponse } from '../token-response';
import type { TokenRequestDto } from './dto/token-request.dto';
import { narrowPermissions, parseScope, scopeString } from '../scope';
import { InvalidScopeError } from '../scope.errors';
import {
  OAuthInvalidRequestError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
} from './oauth.errors';
import { OAuthTokenResponse, oauthTokenResponse } from './oauth-token-response';
import { audiencesOfRequest } from './requested-audiences';
import { TokenExchangeService } from './token-exchange.service';
import { AuthorizationCodeTokenGrant } from '../../oidc/authorization-code.grant';
import { tokensCarryRoles } from '../../oidc/oidc-client';

/**
 * `POST /oauth/token` for an authenticated client: picks the grant (RFC 6749 §4.3, §4.4, §6;
 * RFC 8693) and checks the client may use it (its registered `grant_types`). The password and
 * refresh_token grants are SessionService's login and refresh, the same as `/auth/*`, with the
 * client's id in the tokens.
 */
@Injectable()
export class TokenGrantsService {
  constructor(
    private readonly sessions: SessionService,
    private readonly issuer: AccessTokenIssuer,
    private readonly exchange: TokenExchangeService,
    private readonly apis: ApiRegistry,
    private readonly authorizationCode: AuthorizationCodeTokenGrant,
  ) {}

  async grant(
    client: ServiceClient,
    request: TokenRequestDto,
    context: SessionContext = {},
  ): Promise<OAuthTokenResponse> {
    switch (request.grant_type) {
      case GRANT_TYPES.password:
        assertAllowed(client, GRANT_TYPES.password);
        return this.password(client, request, context);
      case MFA_GRANT_TYPE:
        // The continuation of a password grant: allowed with it.
        assertAllowed(client, GRANT_TYPES.password);
        return this.secondFactor(client, request, context);
      case GRANT_TYPES.refreshToken:
        assertAllowed(client, GRANT_TYPES.refreshToken);
        return this.refresh(client, request, context);
      case GRANT_TYPES.clientCredentials:
        assertAllowed(client, GRANT_TYPES.clientCredentials);
        return this.clientCredentials(client, request);
      case GRANT_TYPES.tokenExchange:
        assertAllowed(client, GRANT_TYPES.tokenExchange);
        return this.exchange.exchange(client, request, context);
      case GRANT_TYPES.authorizationCode:
        assertAllowed(client, GRANT_TYPES.authorizationCode);
        return this.authorizationCode.grant(client, request, context);
      default:
        throw new UnsupportedGrantTypeError();
    }
  }

  private async password(
    client: ServiceClient,
    request: TokenRequestDto,
    context: SessionContext,
  ): Promise<OAuthTokenResponse> {
    const username = required(request.username, 'username');
    const password = required(request.password, 'password');
    const scope = parseScope(request.scope);
    const session = await this.sessions.login(username, password, context, {
      clientId: client.clientId,
      scope,
      audiences: audiencesOfRequest(request),
      allowedAudiences: client.allowedAudiences,
      withoutRoles: !tokensCarryRoles(client),
    });
    return fromSession(session);
  }

  /** The second step of a password grant: the session that grant asked for. */
  private async secondFactor(
    client: ServiceClient,
    request: TokenRequestDto,
    context: SessionContext,
  ): Promise<OAuthTokenResponse> {
    const mfaToken = required(request.mfa_token, 'mfa_token');
    const session = await this.sessions.loginWithSecondFactor(mfaToken, proofOf(request), context, {
      clientId: client.clientId,
      allowedAudiences: client.allowedAudiences,
      withoutRoles: !tokensCarryRoles(client),
    });
    return fromSession(session);
  }

  /**
   * The session keeps the scope it was granted. RFC 6749 §6 lets a refresh narrow it; this
   * server does not, and says so rather than silently issuing something else.
   */
  private async refresh(
    client: ServiceClient,
    request: TokenRequestDto,
    context: SessionContext,
  ): Promise<OAuthTokenResponse> {
    const refreshToken = required(request.refresh_token, 'refresh_token');
    if (request.scope !== undefined) {
      throw new InvalidScopeError('A refresh keeps the scope of the session; omit scope');
    }
    const session = await this.sessions.refresh(refreshToken, context, {
      clientId: client.clientId,
      audiences: audiencesOfRequest(request),
      allowedAudiences: client.allowedAudiences,
      withoutRoles: !tokensCarryRoles(client),
    });
    return fromSession(session);
  }

  /**
   * RFC 6749 §4.4: a `service` token for the client itself; no refresh token (§4.4.3). For the
   * API asked for: only the permissions it defines, its lifetime, its claims of the client's
   * attributes.
   */
  private async clientCredentials(
    client: ServiceClient,
    request: TokenRequestDto,
  ): Promise<OAuthTokenResponse> {
    const requested = parseScope(request.scope);
    const permissions = narrowPermissions(client.permissions, requested);
    const target = await this.apis.targetFor({
      requested: audiencesOfRequest(request),
      allowed: client.allowedAudiences,
      tokenUse: 'service',
      defaultTtl: this.issuer.defaultTtl('service'),
    });
    const issued = this.issuer.issue(
      {
        sub: clientSubject(client.clientId),
        tokenUse: 'service',
        clientId: client.clientId,
        roles: [],
        permissions: permittedFor(target, permissions),
        scope: scopeString(requested),
        customClaims: attributeClaims(target, client.attributes),
      },
      { ttl: target.ttl, audience: target.aud },
    );
    return oauthTokenResponse({ ...issued, scope: issued.claims.scope });
  }
}

/** RFC 6749 §5.2 unauthorized_client: the grant is not among the client's `grant_types`. */
function assertAllowed(client: ServiceClient, grantType: string): void {
  if (!client.grantTypes.includes(grantType)) throw new UnauthorizedClientError(grantType);
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new OAuthInvalidRequestError(`${name} is required`);
  return value;
}

function proofOf(request: TokenRequestDto): SecondFactorProof {
  if ((request.otp === undefined) === (request.recovery_code === undefined)) {
    throw new OAuthInvalidRequestError('give either otp or recovery_code');
  }
  return request.otp !== undefined
    ? { code: request.otp }
    : { recoveryCode: request.recovery_code ?? '' };
}

function fromSession(session: TokenResponse | EnrolmentTokenResponse): OAuthTokenResponse {
  const access = { token: session.access_token, expiresIn: session.expires_in };
  if ('mfa_enrolment_required' in session) {
    return { ...oauthTokenResponse(access), mfa_enrolment_required: true };
  }
  const response = oauthTokenResponse(
    { ...access, scope: session.scope },
    { refresh_token: session.refresh_token },
  );
  if (session.recovery_codes_remaining !== undefined) {
    response.recovery_codes_remaining = session.recovery_codes_remaining;
  }
  return response;
}
