import { WardenError } from '../common/errors';

/**
 * An unknown, expired or revoked refresh token (RFC 6749 §5.2 `invalid_grant`). One error for
 * all three, so a caller learns nothing about which tokens exist.
 */
export class RefreshTokenInvalidError extends WardenError {
  readonly code = 'ERR_REFRESH_TOKEN_INVALID';

  constructor() {
    super('The refresh token is invalid, expired or revoked');
  }
}

/**
 * A refresh token that was already spent. RFC 6749 §10.4 and the OAuth 2.0 Security BCP
 * (RFC 9700 §4.14.2): its whole family has been revoked, since either the client or an attacker
 * holds a stolen copy.
 */
export class RefreshTokenReusedError extends WardenError {
  readonly code = 'ERR_REFRESH_TOKEN_REUSED';

  constructor() {
    super('The refresh token was already used; the session has been revoked');
  }
}
