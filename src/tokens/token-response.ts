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
}
