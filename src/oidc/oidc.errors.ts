import { WardenError } from '../common/errors/warden-error';

/**
 * RFC 6749 §4.1.2.1: an authorization request whose client or redirect URI cannot be trusted.
 * It is shown on an error page and never redirected, or the server would be an open redirector.
 */
export class UntrustedAuthorizationRequestError extends WardenError {
  readonly code = 'ERR_UNTRUSTED_AUTHORIZATION_REQUEST';

  constructor(
    /** The RFC 6749 §4.1.2.1 error code the page names. */
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

/**
 * RFC 6749 §4.1.2.1 and OIDC Core §3.1.2.6: an error of a request whose redirect URI is
 * registered; the user agent is sent back there with `error`, `error_description`, `state` and
 * `iss` (RFC 9207).
 */
export class AuthorizationRedirectError extends WardenError {
  readonly code = 'ERR_AUTHORIZATION_REDIRECT';

  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

/** A hosted form posted without this browser's CSRF token. */
export class CsrfTokenError extends WardenError {
  readonly code = 'ERR_CSRF_TOKEN';

  constructor() {
    super('The form has expired or was not sent by this browser; start again');
  }
}

/**
 * A logout request naming a `post_logout_redirect_uri` that is not registered for the client of
 * its `id_token_hint`, or an `id_token_hint` this server did not sign (OIDC RP-Initiated Logout
 * §2, §3): shown on an error page, never redirected.
 */
export class InvalidLogoutRequestError extends WardenError {
  readonly code = 'ERR_INVALID_LOGOUT_REQUEST';
}
