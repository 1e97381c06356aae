/** The claims Warden puts in its access tokens (docs/architecture.md §3, RFC 9068). */
export type TokenUse = 'access' | 'service' | 'delegated';

/** RFC 8693 §4.1: the actor chain of a delegated token, newest actor outermost. */
export interface ActorClaim {
  sub: string;
  act?: ActorClaim;
}

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nbf?: number;
  jti: string;
  client_id: string;
  scope?: string;
  token_use: TokenUse;
  roles: string[];
  permissions: string[];
  username?: string;
  act?: ActorClaim;
  /**
   * The session the token belongs to (the name OpenID Connect uses): a user session's refresh
   * family, inherited by the tokens delegated from it; for a token delegated from one without a
   * session, that token's `jti`. Revoking the session denies this id, refusing them all.
   */
  sid?: string;
  /** RFC 8176: how the user authenticated, e.g. `["pwd"]`, `["pwd", "otp"]`. */
  amr?: string[];
  /** OpenID Connect Core §2: the authentication context class the login satisfied. */
  acr?: string;
  /** OpenID Connect Core §2: when the user last authenticated, in epoch seconds. */
  auth_time?: number;
}
