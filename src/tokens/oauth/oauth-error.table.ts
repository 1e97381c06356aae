import { HttpStatus } from '@nestjs/common';
import { ERROR_HTTP, HttpMapping } from '../../common/errors/error-status';

/** How one typed error is answered on the OAuth endpoints: status and headers, as elsewhere. */
export interface OAuthErrorMapping extends HttpMapping {
  /** RFC 6749 §5.2 / RFC 8693 §2.2.2 error code. */
  error: string;
  /** A fixed public description, when the error's own message must not be shown. */
  description?: string;
  /** Public details of the error that are parameters of the response too. */
  parameters?: readonly string[];
}

/** RFC 6749 §5.2: a failed client authentication is 401 with the scheme the client may use. */
const BASIC_CHALLENGE = (): Record<string, string> => ({
  'WWW-Authenticate': 'Basic realm="warden"',
});

/**
 * The one table from Warden error codes to RFC 6749 error bodies on the OAuth endpoints
 * (`/oauth/token`, `/oauth/introspect`, `/oauth/revoke`). Codes of the sessions and users
 * modules appear because the password and refresh_token grants share their implementation.
 */
export const OAUTH_ERRORS: Readonly<Record<string, OAuthErrorMapping>> = {
  ERR_OAUTH_INVALID_REQUEST: { error: 'invalid_request', status: HttpStatus.BAD_REQUEST },
  ERR_INVALID_INPUT: { error: 'invalid_request', status: HttpStatus.BAD_REQUEST },
  ERR_INVALID_CLIENT: {
    error: 'invalid_client',
    status: HttpStatus.UNAUTHORIZED,
    headers: BASIC_CHALLENGE,
  },
  ERR_UNAUTHORIZED_CLIENT: { error: 'unauthorized_client', status: HttpStatus.BAD_REQUEST },
  ERR_UNSUPPORTED_GRANT_TYPE: { error: 'unsupported_grant_type', status: HttpStatus.BAD_REQUEST },
  ERR_INVALID_SCOPE: { error: 'invalid_scope', status: HttpStatus.BAD_REQUEST },
  ERR_INVALID_TARGET: { error: 'invalid_target', status: HttpStatus.BAD_REQUEST },
  ERR_INVALID_GRANT: { error: 'invalid_grant', status: HttpStatus.BAD_REQUEST },
  // RFC 6749 §5.2 invalid_grant: "the provided ... resource owner credentials ... [or] refresh
  // token is invalid, expired, revoked ... or was issued to another client". One description
  // whatever went wrong, like /auth/login.
  ERR_INVALID_CREDENTIALS: {
    error: 'invalid_grant',
    status: HttpStatus.BAD_REQUEST,
    description: 'Invalid credentials',
  },
  ERR_REFRESH_TOKEN_INVALID: { error: 'invalid_grant', status: HttpStatus.BAD_REQUEST },
  ERR_REFRESH_TOKEN_REUSED: { error: 'invalid_grant', status: HttpStatus.BAD_REQUEST },
  // A locked account: the credentials cannot be used now (invalid_grant), and the service's 429
  // with Retry-After (RFC 6585 §4) tells a client when they can be again.
  ERR_ACCOUNT_LOCKED: { ...ERROR_HTTP.ERR_ACCOUNT_LOCKED, error: 'invalid_grant' },
  // The password was right; the grant goes on with the mfa grant. 403, not 401: on the token
  // endpoint a 401 means the client's own authentication failed (RFC 6749 §5.2).
  ERR_MFA_REQUIRED: {
    error: 'mfa_required',
    status: HttpStatus.FORBIDDEN,
    parameters: ['mfa_token', 'expires_in'],
  },
  ERR_INVALID_MFA_CODE: { error: 'invalid_grant', status: HttpStatus.BAD_REQUEST },
  ERR_MFA_TOKEN_INVALID: { error: 'invalid_grant', status: HttpStatus.BAD_REQUEST },
};

/** Per-IP throttling (the ThrottlerGuard already set Retry-After) and 503s: try again later. */
export const TEMPORARILY_UNAVAILABLE = 'temporarily_unavailable';
export const SERVER_ERROR = 'server_error';
export const INVALID_REQUEST = 'invalid_request';
