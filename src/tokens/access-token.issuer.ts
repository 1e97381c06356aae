import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, epochSeconds } from '@warden/nest-auth';
import type { AccessTokenClaims, Clock, TokenUse } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { signJws } from '../keys/jws-sign';
import { KeyStoreService } from '../keys/key-store.service';
import { MetricsService } from '../metrics/metrics.service';
import {
  AccessTokenSubject,
  buildAccessTokenClaims,
  DELEGATED_TOKEN_MAX_TTL,
  tokenTiming,
} from './access-token-claims.builder';

/** The first-party client of `/auth/*` sessions (the `client_id` of user session tokens). */
export const FIRST_PARTY_CLIENT_ID = 'warden';

export interface AccessTokenTimingOptions {
  /** Lifetime in seconds; defaults by `token_use` (ACCESS_TOKEN_TTL, SERVICE_TOKEN_TTL, 300). */
  ttl?: number;
  /** `iat` no earlier than this epoch second (see RevocationService.earliestIssuedAt). */
  earliestIssuedAt?: number;
  /** The predecessor's `exp`: the new token expires strictly later. */
  previousExp?: number;
  /** `exp` never past this epoch second (delegated tokens: the subject token's `exp`). */
  notAfter?: number;
  /** The `aud` claim (a TokenTarget's); default JWT_AUDIENCE. */
  audience?: string | string[];
}

export interface IssuedAccessToken {
  /** The compact JWS. */
  token: string;
  claims: AccessTokenClaims;
  /** Seconds from now until `exp` (RFC 6749 §5.1 `expires_in`). */
  expiresIn: number;
}

/**
 * Signs access tokens (RFC 9068) with the key store's active key: header `{alg, kid, typ:
 * "at+jwt"}`, claims per docs/architecture.md §3, a random `jti`. One issuer for every `token_use`:
 * user sessions (`access`), client credentials (`service`) and token exchange (`delegated`).
 *
 * @example
 * const { token, expiresIn } = issuer.issue({
 *   sub: user.id, tokenUse: 'access', clientId: FIRST_PARTY_CLIENT_ID,
 *   roles: user.roles, permissions: user.permissions, username: user.username,
 * });
 */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: KeyStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  issue(subject: AccessTokenSubject, options: AccessTokenTimingOptions = {}): IssuedAccessToken {
    const signingKey = this.keys.getSigningKey();
    const now = epochSeconds(this.clock);
    const timing = tokenTiming({
      now,
      ttl: options.ttl ?? this.defaultTtl(subject.tokenUse),
      earliestIssuedAt: options.earliestIssuedAt,
      previousExp: options.previousExp,
      notAfter: options.notAfter,
      maxAhead: this.config.jwt.clockTolerance,
    });
    const { issuer, audience } = this.config.jwt;
    const claims = buildAccessTokenClaims(
      subject,
      { iss: issuer, aud: options.audience ?? audience },
      timing,
      randomUUID(),
    );
    const token = signJws({ typ: 'at+jwt' }, { ...claims }, signingKey);
    this.metrics?.tokensIssued.inc({ token_use: subject.tokenUse });
    return { token, claims, expiresIn: claims.exp - now };
  }

  /** The default lifetime of a token of this use, in seconds. */
  defaultTtl(tokenUse: TokenUse): number {
    const { accessTokenTtl, serviceTokenTtl } = this.config.jwt;
    if (tokenUse === 'service') return serviceTokenTtl;
    if (tokenUse === 'delegated') return Math.min(DELEGATED_TOKEN_MAX_TTL, accessTokenTtl);
    return accessTokenTtl;
  }
}
