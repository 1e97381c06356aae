import type { IssuedAccessToken } from '../access-token.issuer';

/** RFC 6749 §5.1 (plus RFC 8693 §2.2.1 `issued_token_type`); no `user` as on /auth. */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  issued_token_type?: string;
  /** OIDC Core §3.1.3.3: the authorization code grant with the `openid` scope. */
  id_token?: string;
  /** Only a token for the enrolment routes: the user must enrol a second factor first. */
  mfa_enrolment_required?: true;
  /** After a recovery code: how many unused ones are left. */
  recovery_codes_remaining?: number;
}

/** The response of a grant that issued `access` (and, for sessions, a refresh token). */
export function oauthTokenResponse(
  access: Pick<IssuedAccessToken, 'token' | 'expiresIn'> & { scope?: string },
  extra: Pick<OAuthTokenResponse, 'refresh_token' | 'issued_token_type'> = {},
): OAuthTokenResponse {
  const response: OAuthTokenResponse = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
  };
  if (extra.refresh_token !== undefined) response.refresh_token = extra.refresh_token;
  if (access.scope !== undefined) response.scope = access.scope;
  if (extra.issued_token_type !== undefined) response.issued_token_type = extra.issued_token_type;
  return response;
}
