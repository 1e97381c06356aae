import { authenticationClaims, authenticationOf } from '../authentication';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { isAuthenticationError } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { UsersService } from '../../users/users.service';
import { FIRST_PARTY_CLIENT_ID } from '../access-token.issuer';
import { clientSubject } from '../clients/service-client';
import { withoutReservedClaims } from '../../apis/reserved-claims';
import { RefreshTokenService } from '../refresh-token.service';
import { IssuedTokenVerifier } from './issued-token.verifier';
import {
  couldBe,
  INACTIVE,
  lookupOrder,
  TokenIntrospection,
  TokenKind,
} from './token-introspection';

/**
 * RFC 7662 introspection. Access tokens go through the same strict verifier as every guarded
 * route (signature, key, `typ`, claims, expiry, revocation); refresh tokens are looked up by
 * digest and are active only while unspent, unrevoked, unexpired, and their user still may
 * refresh. Whatever is wrong with a token, the answer is `{active: false}` (§2.2) and nothing
 * more, so introspection cannot tell an expired token from a forged one.
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly verifier: IssuedTokenVerifier,
    private readonly refreshTokens: RefreshTokenService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async introspect(token: string, hint?: string): Promise<TokenIntrospection> {
    for (const kind of lookupOrder(hint)) {
      if (!couldBe(kind, token)) continue;
      const answer = await this.introspectAs(kind, token);
      if (answer.active) return answer;
    }
    return INACTIVE;
  }

  /** The verified principal of a valid access token; undefined for anything else. */
  async verifiedAccessToken(token: string): Promise<Principal | undefined> {
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (isAuthenticationError(error)) return undefined;
      throw error;
    }
  }

  private introspectAs(kind: TokenKind, token: string): Promise<TokenIntrospection> {
    return kind === 'access_token' ? this.accessToken(token) : this.refreshToken(token);
  }

  private async accessToken(token: string): Promise<TokenIntrospection> {
    const principal = await this.verifiedAccessToken(token);
    if (principal === undefined) return INACTIVE;
    const { claims } = principal;
    return {
      // An API's mapped attributes (RFC 7662 §2.2 lets an answer carry more members).
      ...withoutReservedClaims(claims),
      active: true,
      sub: claims.sub,
      exp: claims.exp,
      iat: claims.iat,
      iss: claims.iss,
      aud: claims.aud,
      jti: claims.jti,
      client_id: claims.client_id,
      scope: principal.scope,
      token_use: claims.token_use,
      username: principal.username,
      roles: [...claims.roles],
      permissions: [...claims.permissions],
      act: principal.actor,
      ...authenticationClaims(authenticationOf(principal)),
    };
  }

  private async refreshToken(token: string): Promise<TokenIntrospection> {
    const stored = await this.refreshTokens.find(token);
    if (!stored || !this.refreshTokens.isActive(stored)) return INACTIVE;
    let username: string | undefined;
    if (stored.userId !== null) {
      // The refresh would be refused: the user is gone, disabled or logged out everywhere.
      const user = await this.users.findById(stored.userId);
      if (!user?.isActive) return INACTIVE;
      const validAfter = await this.users.tokensValidAfter(user.id);
      if (validAfter && stored.createdAt < validAfter) return INACTIVE;
      username = user.username;
    }
    return {
      active: true,
      sub: stored.userId ?? clientSubject(stored.clientId ?? ''),
      exp: Math.floor(stored.expiresAt.getTime() / 1000),
      iat: Math.floor(stored.createdAt.getTime() / 1000),
      iss: this.config.jwt.issuer,
      client_id: stored.clientId ?? FIRST_PARTY_CLIENT_ID,
      scope: stored.scope ?? undefined,
      token_use: 'refresh',
      username,
      ...authenticationClaims(stored.authentication ?? undefined),
    };
  }
}
