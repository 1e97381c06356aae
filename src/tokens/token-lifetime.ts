import type { AppConfig } from '../config';
import { DELEGATED_TOKEN_MAX_TTL } from './access-token-claims.builder';

/** The longest lifetime (`exp - iat`, seconds) any access token of this configuration has. */
export function longestTokenLifetime(jwt: AppConfig['jwt']): number {
  return Math.max(
    jwt.accessTokenTtl,
    jwt.serviceTokenTtl,
    jwt.apiTokenTtlMax,
    DELEGATED_TOKEN_MAX_TTL,
  );
}

/**
 * Until when a revocation made at `revokedAt` can still refuse a token: every token it covers
 * was issued by then, so it expires within the longest lifetime, plus the verifiers' clock
 * tolerance, plus the second an issuer may move `iat` ahead (firstValidIssueSecond).
 */
export function revocationExpiry(revokedAt: Date, jwt: AppConfig['jwt']): Date {
  const seconds = longestTokenLifetime(jwt) + 2 * jwt.clockTolerance + 1;
  return new Date(revokedAt.getTime() + seconds * 1000);
}
