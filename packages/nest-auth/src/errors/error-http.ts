import { HttpStatus } from '@nestjs/common';
import { MFA_ACR } from '../policy/step-up';
import type { WardenError } from '../warden-error';
import { bearerChallenge } from './bearer-challenge';

export interface HttpMapping {
  status: HttpStatus;
  /** Response headers the status calls for (WWW-Authenticate, Retry-After, ...). */
  headers?: (error: WardenError) => Record<string, string>;
}

function bearerChallengeHeader(error: WardenError): Record<string, string> {
  return { 'WWW-Authenticate': bearerChallenge(error.code) };
}

/** RFC 9470 §3: the challenge names what the next login must achieve. */
function stepUpChallengeHeader(error: WardenError): Record<string, string> {
  const required = (error.details?.required ?? {}) as { mfa?: unknown; maxAge?: unknown };
  const parameters: Record<string, string> = {};
  if (required.mfa === true) parameters.acr_values = MFA_ACR;
  if (Number.isSafeInteger(required.maxAge)) parameters.max_age = String(required.maxAge);
  return { 'WWW-Authenticate': bearerChallenge(error.code, parameters) };
}

function retryAfter(error: WardenError): Record<string, string> {
  const seconds = Number(error.details?.retryAfter);
  return { 'Retry-After': String(Number.isInteger(seconds) && seconds > 0 ? seconds : 5) };
}

/**
 * The HTTP answer of every error this library throws. The service's own table spreads this one,
 * so a token error answers the same inside Warden and in an app that imports AuthModule.
 */
export const TOKEN_ERROR_HTTP: Readonly<Record<string, HttpMapping>> = {
  // RFC 6750 §3: every 401/403 of a protected resource carries a Bearer challenge.
  ERR_TOKEN_MISSING: { status: HttpStatus.UNAUTHORIZED, headers: bearerChallengeHeader },
  ERR_TOKEN_MALFORMED: { status: HttpStatus.UNAUTHORIZED, headers: bearerChallengeHeader },
  ERR_TOKEN_EXPIRED: { status: HttpStatus.UNAUTHORIZED, headers: bearerChallengeHeader },
  ERR_TOKEN_INVALID: { status: HttpStatus.UNAUTHORIZED, headers: bearerChallengeHeader },
  ERR_TOKEN_REVOKED: { status: HttpStatus.UNAUTHORIZED, headers: bearerChallengeHeader },
  ERR_INSUFFICIENT_SCOPE: { status: HttpStatus.FORBIDDEN, headers: bearerChallengeHeader },
  // RFC 9470 §3: a valid token from a login too weak or too old is a 401, not a 403.
  ERR_INSUFFICIENT_USER_AUTHENTICATION: {
    status: HttpStatus.UNAUTHORIZED,
    headers: stepUpChallengeHeader,
  },
  // The token may well be valid: the app cannot tell yet, so it must not say 401 (RFC 9110 §15.6.4).
  ERR_KEYS_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, headers: retryAfter },
  ERR_INTROSPECTION_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, headers: retryAfter },
};
