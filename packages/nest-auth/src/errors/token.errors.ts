import type { StepUpShortfall } from '../policy/step-up';
import { WardenError } from '../warden-error';

/**
 * Authentication failures (401). `reason` is for logs and metrics only: the filter sends the
 * fixed public message, never the reason, so a caller cannot probe which check failed.
 */
export abstract class AuthenticationError extends WardenError {
  constructor(
    message: string,
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** No Authorization header, or one without a Bearer credential (RFC 6750 §3.1). */
export class TokenMissingError extends AuthenticationError {
  readonly code = 'ERR_TOKEN_MISSING';

  constructor(reason = 'no bearer token') {
    super('Authentication required', reason);
  }
}

/** Not a compact JWS of the expected shape. */
export class TokenMalformedError extends AuthenticationError {
  readonly code = 'ERR_TOKEN_MALFORMED';

  constructor(reason = 'malformed token') {
    super('The access token is malformed', reason);
  }
}

export class TokenExpiredError extends AuthenticationError {
  readonly code = 'ERR_TOKEN_EXPIRED';

  constructor(reason = 'exp is in the past') {
    super('The access token expired', reason);
  }
}

/** Bad signature, unknown kid, disallowed alg or header, claims that do not hold. */
export class TokenInvalidError extends AuthenticationError {
  readonly code = 'ERR_TOKEN_INVALID';

  constructor(reason: string) {
    super('The access token is invalid', reason);
  }
}

/**
 * The header's kid names no key the resolver knows: a TokenInvalidError (same code, same public
 * answer) that observers tell apart, so a flood of made-up kids shows in metrics.
 */
export class UnknownKidError extends TokenInvalidError {
  constructor() {
    super('unknown kid');
  }
}

export class TokenRevokedError extends AuthenticationError {
  readonly code = 'ERR_TOKEN_REVOKED';

  constructor(reason = 'revoked') {
    super('The access token was revoked', reason);
  }
}

/** 403: a valid token that does not meet the route's policy. `required` names what is missing. */
export class InsufficientScopeError extends WardenError {
  readonly code = 'ERR_INSUFFICIENT_SCOPE';

  constructor(required: Readonly<Record<string, unknown>>) {
    super('Insufficient roles or permissions', { required });
  }
}

/**
 * RFC 9470 §3, 401: a valid token whose authentication event does not meet the route's needs (a
 * second factor, a recent login). Not an AuthenticationError: the token itself is fine, and the
 * client's answer is a new login with `acr_values` / `max_age`, not a refresh.
 */
export class InsufficientUserAuthenticationError extends WardenError {
  readonly code = 'ERR_INSUFFICIENT_USER_AUTHENTICATION';

  constructor(required: StepUpShortfall) {
    super('A stronger or more recent authentication is required', { required: { ...required } });
  }
}

export function isAuthenticationError(error: unknown): error is AuthenticationError {
  return error instanceof AuthenticationError;
}
