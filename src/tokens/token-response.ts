import type { PublicUser } from '../users/public-user';

/** docs/architecture.md §5 TokenResponse (RFC 6749 §5.1 field names), plus the signed-in user. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds until the access token expires. */
  expires_in: number;
  refresh_token: string;
  scope?: string;
  user: PublicUser;
  /** After a login with a recovery code: how many unused ones the user has left. */
  recovery_codes_remaining?: number;
}

/**
 * The login of a user who must have a second factor (MFA_REQUIRED_ROLES) and has none yet: an
 * access token accepted only by the enrolment routes, and no refresh token.
 */
export interface EnrolmentTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: PublicUser;
  mfa_enrolment_required: true;
}
