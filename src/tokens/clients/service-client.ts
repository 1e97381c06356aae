import type { Attributes } from '../../common/attributes';

/** The grant types of RFC 6749 §4 and RFC 8693 §2.1 that `/oauth/token` serves. */
export const GRANT_TYPES = {
  authorizationCode: 'authorization_code',
  password: 'password',
  refreshToken: 'refresh_token',
  clientCredentials: 'client_credentials',
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
} as const;

export type GrantType = (typeof GRANT_TYPES)[keyof typeof GRANT_TYPES];

export const SUPPORTED_GRANT_TYPES: readonly GrantType[] = Object.values(GRANT_TYPES);

/**
 * The second step of the password grant for an account with two-factor sign-in: `mfa_token`
 * plus `otp` or `recovery_code`. Not registered on its own: a client with the password grant
 * may use it.
 */
export const MFA_GRANT_TYPE = 'urn:warden:params:oauth:grant-type:mfa';

/** What a new client may use unless the administrator says otherwise: the machine grants. */
export const DEFAULT_CLIENT_GRANT_TYPES: readonly GrantType[] = [
  GRANT_TYPES.clientCredentials,
  GRANT_TYPES.tokenExchange,
];

/**
 * How a client authenticates at the token endpoint (RFC 7591 §2): with its secret by HTTP Basic
 * or in the body, or not at all (`none`: a public client, RFC 6749 §2.1, which has no secret).
 * A confidential client may use either secret method, whichever is registered.
 */
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'none',
] as const;

export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

export const DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD: TokenEndpointAuthMethod = 'client_secret_basic';

/**
 * All a public client may use: it cannot keep a secret, so no grant that rests on one (RFC 9700
 * §2.4 and §4.1: the authorization code with PKCE, then its refresh tokens).
 */
export const PUBLIC_CLIENT_GRANT_TYPES: readonly GrantType[] = [
  GRANT_TYPES.authorizationCode,
  GRANT_TYPES.refreshToken,
];

/** A new public client's grant unless the administrator says otherwise. */
export const DEFAULT_PUBLIC_CLIENT_GRANT_TYPES: readonly GrantType[] = [
  GRANT_TYPES.authorizationCode,
];

/** A registered client as the rest of the service sees it: never its secret or digest. */
export interface ServiceClient {
  clientId: string;
  name: string;
  permissions: string[];
  grantTypes: string[];
  /** Registered APIs it may ask tokens for (RFC 8707), beyond the default audience. */
  allowedAudiences: string[];
  /** Administrator-set data, the source of an API's custom claims. */
  attributes: Attributes;
  /** Where `/oauth/authorize` may send it back; matched as exact strings. */
  redirectUris: string[];
  /** Where `/oauth/logout` may send the browser afterwards; matched as exact strings. */
  postLogoutRedirectUris: string[];
  /**
   * How it authenticates at the token endpoint. From ClientsService.authenticate, `none` means
   * the caller named the client and proved nothing: see isPublicClient.
   */
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** The service's own application: no consent page, and its tokens carry the user's roles. */
  firstParty: boolean;
  /** Browser origins (`scheme://host[:port]`) its single-page app calls the endpoints from. */
  allowedOrigins: string[];
  isActive: boolean;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * A public client (RFC 6749 §2.1, `token_endpoint_auth_method: none`): it has no secret, so a
 * request naming it is not proof that it comes from it; PKCE is what binds its codes.
 *
 * @example
 * ```ts
 * if (isPublicClient(client) && !request.code_challenge) throw new InvalidRequestError(...);
 * ```
 */
export function isPublicClient(client: Pick<ServiceClient, 'tokenEndpointAuthMethod'>): boolean {
  return client.tokenEndpointAuthMethod === 'none';
}

const CLIENT_SUBJECT_PREFIX = 'client:';

/** The `sub` of a client's own tokens, and its name in `act` claims and the audit trail. */
export function clientSubject(clientId: string): string {
  return `${CLIENT_SUBJECT_PREFIX}${clientId}`;
}

/** The client a `sub` of clientSubject names; undefined for any other subject (a user). */
export function clientIdOfSubject(sub: string): string | undefined {
  return sub.startsWith(CLIENT_SUBJECT_PREFIX)
    ? sub.slice(CLIENT_SUBJECT_PREFIX.length)
    : undefined;
}
