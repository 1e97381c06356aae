/** The claims Warden puts in its access tokens (DESIGN §3, RFC 9068). */
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
}
