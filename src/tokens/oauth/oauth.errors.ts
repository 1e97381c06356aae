import { WardenError } from '../../common/errors/warden-error';

/**
 * The typed errors of the OAuth 2 surface. Each maps to one RFC 6749 §5.2 (or RFC 8693 §2.2.2)
 * error code in OAUTH_ERRORS; the message becomes the public `error_description`, so it never
 * says more than the caller may know.
 */

/** A missing, repeated or malformed parameter, or more than one client authentication. */
export class OAuthInvalidRequestError extends WardenError {
  readonly code = 'ERR_OAUTH_INVALID_REQUEST';
}

/** Client authentication failed: unknown client, wrong secret, none given, inactive client. */
export class InvalidClientError extends WardenError {
  readonly code = 'ERR_INVALID_CLIENT';

  constructor() {
    super('Client authentication failed');
  }
}

/** The authenticated client may not use this grant type (its registered `grant_types`). */
export class UnauthorizedClientError extends WardenError {
  readonly code = 'ERR_UNAUTHORIZED_CLIENT';

  constructor(grantType: string) {
    super(`This client may not use the ${grantType} grant`);
  }
}

export class UnsupportedGrantTypeError extends WardenError {
  readonly code = 'ERR_UNSUPPORTED_GRANT_TYPE';

  constructor() {
    super('Unsupported grant_type');
  }
}

/** An invalid, expired, revoked or foreign subject token (RFC 8693 §2.2.2). */
export class InvalidGrantError extends WardenError {
  readonly code = 'ERR_INVALID_GRANT';
}

/** RFC 8693 §2.2.2: an `audience` or `resource` this server does not issue tokens for. */
/** RFC 8707 §2: `invalid_target` (400 on `/auth/*` too). */
export class InvalidTargetError extends WardenError {
  readonly code = 'ERR_INVALID_TARGET';

  constructor(message = 'The requested audience or resource is not allowed') {
    super(message);
  }
}
