import type { ActorClaim, TokenUse } from '@warden/nest-auth';

/** RFC 7662 §2.2: an introspection answer. Only `active` when the token is not valid. */
export interface TokenIntrospection {
  active: boolean;
  sub?: string;
  exp?: number;
  iat?: number;
  iss?: string;
  aud?: string | string[];
  jti?: string;
  client_id?: string;
  scope?: string;
  token_use?: TokenUse | 'refresh';
  username?: string;
  roles?: string[];
  permissions?: string[];
  act?: ActorClaim;
  /** How the login behind the token authenticated (RFC 8176, OIDC Core §2). */
  amr?: string[];
  acr?: string;
  auth_time?: number;
  /** The custom claims an API maps from the subject's attributes (RFC 7662 §2.2 extensions). */
  [customClaim: string]: unknown;
}

export const INACTIVE: Readonly<TokenIntrospection> = Object.freeze({ active: false });

/** `token_type_hint` (RFC 7009 §2.1, RFC 7662 §2.1): only the order in which kinds are tried. */
export type TokenKind = 'access_token' | 'refresh_token';

export function lookupOrder(hint: string | undefined): TokenKind[] {
  return hint === 'refresh_token'
    ? ['refresh_token', 'access_token']
    : ['access_token', 'refresh_token'];
}

/** A refresh token is opaque; an access token is a compact JWS, so it holds dots. */
export function couldBe(kind: TokenKind, token: string): boolean {
  return kind === 'access_token' ? token.includes('.') : !token.includes('.');
}
