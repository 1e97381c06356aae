import { MFA_ACR, SECOND_FACTOR_AMR, type Principal } from '@warden/nest-auth';

/** The `acr` of a login by password alone. */
export const PASSWORD_ACR = 'urn:warden:acr:pwd';

/**
 * How and when a session's login authenticated the user: the token claims `amr` (RFC 8176),
 * `acr` and `auth_time` (OIDC Core §2). Stored on the refresh family, so every token of the
 * session carries the login's, not the refresh's.
 */
export interface Authentication {
  amr: readonly string[];
  acr: string;
  /** Epoch seconds of the login's completion. */
  authTime: number;
}

/** The second factor a login completed with: a TOTP code, or a recovery code. */
export type SecondFactor = 'otp' | 'recovery_code';

export function passwordAuthentication(now: Date): Authentication {
  return { amr: ['pwd'], acr: PASSWORD_ACR, authTime: epochSeconds(now) };
}

/**
 * RFC 8176 §2: `otp` for a one-time password; a recovery code is no OTP device, so it is
 * reported as `mfa` (several factors) only.
 */
export function secondFactorAuthentication(factor: SecondFactor, now: Date): Authentication {
  return {
    amr: ['pwd', factor === 'otp' ? 'otp' : 'mfa'],
    acr: MFA_ACR,
    authTime: epochSeconds(now),
  };
}

/** Whether the authentication included a second factor. */
export function hasSecondFactor(authentication: Authentication | null | undefined): boolean {
  return authentication?.amr.some((method) => SECOND_FACTOR_AMR.includes(method)) ?? false;
}

/** The authentication a verified token carries; undefined for a token without it. */
export function authenticationOf(principal: Principal): Authentication | undefined {
  const { amr, acr, authTime } = principal;
  if (amr.length === 0 || acr === undefined || authTime === undefined) return undefined;
  return { amr: [...amr], acr, authTime };
}

/** The claims (and introspection members) of an authentication; none for undefined. */
export function authenticationClaims(authentication: Authentication | undefined): {
  amr?: string[];
  acr?: string;
  auth_time?: number;
} {
  if (authentication === undefined) return {};
  return {
    amr: [...authentication.amr],
    acr: authentication.acr,
    auth_time: authentication.authTime,
  };
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
