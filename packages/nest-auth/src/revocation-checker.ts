import type { AccessTokenClaims } from './access-token-claims';

/**
 * Answers "was this otherwise valid token revoked?" from memory: its jti on the denylist, or
 * issued before its user's `tokens_valid_after`. Inside the service the tokens module provides
 * it; apps importing AuthModule have none (or an introspection client, which needs the raw
 * `token` to ask the issuer about it, RFC 7662 §2.1).
 */
export interface RevocationChecker {
  isRevoked(claims: AccessTokenClaims, token: string): boolean | Promise<boolean>;
}

export const REVOCATION_CHECKER = Symbol.for('warden:revocation-checker');
