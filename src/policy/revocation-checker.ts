import type { AccessTokenClaims } from './access-token-claims';

/**
 * Answers "was this otherwise valid token revoked?" from memory: its jti on the denylist, or
 * issued before its user's `tokens_valid_after`. Inside the service the tokens module provides
 * it; apps importing AuthModule have none (or an introspection client).
 */
export interface RevocationChecker {
  isRevoked(claims: AccessTokenClaims): boolean | Promise<boolean>;
}

export const REVOCATION_CHECKER = Symbol.for('warden:revocation-checker');
