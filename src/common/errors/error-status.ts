import { HttpStatus } from '@nestjs/common';
import { BEARER_REALM, TOKEN_ERROR_HTTP } from '@warden/nest-auth';
import type { HttpMapping } from '@warden/nest-auth';

export type { HttpMapping };

/** The one table from error codes to HTTP. Codes not listed here become 500. */
export const ERROR_HTTP: Readonly<Record<string, HttpMapping>> = {
  ERR_INVALID_INPUT: { status: HttpStatus.BAD_REQUEST },
  ERR_VALIDATION: { status: HttpStatus.BAD_REQUEST },
  ERR_BODY_TOO_DEEP: { status: HttpStatus.BAD_REQUEST },
  ERR_BODY_MALFORMED: { status: HttpStatus.BAD_REQUEST },
  ERR_BODY_FORBIDDEN_MEMBER: { status: HttpStatus.BAD_REQUEST },
  ERR_BODY_DUPLICATE_MEMBER: { status: HttpStatus.BAD_REQUEST },
  ERR_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ERR_CONFLICT: { status: HttpStatus.CONFLICT },
  // RFC 8707 §2 on the JSON routes (/auth/login, /auth/refresh): an audience that is not allowed.
  ERR_INVALID_TARGET: { status: HttpStatus.BAD_REQUEST },
  // The library's token errors (401/403 with their Bearer challenge, 503 while keys are out).
  ...TOKEN_ERROR_HTTP,
  // A service token on a route about a user's own account: valid, but not the kind it needs.
  ERR_USER_TOKEN_REQUIRED: {
    status: HttpStatus.FORBIDDEN,
    headers: () => ({
      'WWW-Authenticate': `Bearer realm="${BEARER_REALM}", error="insufficient_scope", error_description="A user access token is required"`,
    }),
  },
  // No challenge: the token is good for the route; what the request asks for is refused.
  ERR_PRIVILEGE_ESCALATION: { status: HttpStatus.FORBIDDEN },
  ERR_USERNAME_TAKEN: { status: HttpStatus.CONFLICT },
  ERR_EMAIL_TAKEN: { status: HttpStatus.CONFLICT },
  ERR_USER_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ERR_UNKNOWN_ROLE: { status: HttpStatus.BAD_REQUEST },
  ERR_BUILT_IN_ROLE: { status: HttpStatus.CONFLICT },
  ERR_INVALID_PASSWORD: { status: HttpStatus.BAD_REQUEST },
  ERR_REGISTRATION_DISABLED: { status: HttpStatus.FORBIDDEN },
  ERR_INVALID_CREDENTIALS: { status: HttpStatus.UNAUTHORIZED },
  ERR_ACCOUNT_LOCKED: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    // RFC 9110 §10.2.3: delay-seconds until the lock lifts.
    headers: (error) => ({ 'Retry-After': String(Number(error.details?.retryAfter ?? 1)) }),
  },
  // docs/architecture.md §3 "Two-factor sign-in".
  ERR_MFA_REQUIRED: { status: HttpStatus.UNAUTHORIZED },
  ERR_INVALID_MFA_CODE: { status: HttpStatus.UNAUTHORIZED },
  ERR_MFA_TOKEN_INVALID: { status: HttpStatus.UNAUTHORIZED },
  ERR_MFA_ALREADY_ENABLED: { status: HttpStatus.CONFLICT },
  ERR_MFA_NOT_STARTED: { status: HttpStatus.CONFLICT },
  ERR_MFA_NOT_ENABLED: { status: HttpStatus.CONFLICT },
  ERR_REFRESH_TOKEN_INVALID: { status: HttpStatus.UNAUTHORIZED },
  ERR_REFRESH_TOKEN_REUSED: { status: HttpStatus.UNAUTHORIZED },
  ERR_API_EXISTS: { status: HttpStatus.CONFLICT },
  ERR_API_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ERR_BUILT_IN_API: { status: HttpStatus.CONFLICT },
  ERR_KEY_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ERR_KEY_NOT_REVOCABLE: { status: HttpStatus.CONFLICT },
  ERR_NO_ACTIVE_KEY: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    headers: () => ({ 'Retry-After': '5' }),
  },
  ERR_KEY_DECRYPTION: { status: HttpStatus.INTERNAL_SERVER_ERROR },
  ERR_DATABASE_UNAVAILABLE: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    headers: () => ({ 'Retry-After': '5' }),
  },
};

/**
 * The envelope's `error` is the status text, except where a client is expected to branch on it:
 * a right password for an account with a second factor says `mfa_required`, as the password
 * grant does (RFC 6749 §5.2 style), so both doors read alike.
 */
export const ERROR_NAMES: Readonly<Record<string, string>> = {
  ERR_MFA_REQUIRED: 'mfa_required',
};
