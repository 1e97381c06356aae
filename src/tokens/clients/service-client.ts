import type { Attributes } from '../../common/attributes';

/** The grant types of RFC 6749 §4 and RFC 8693 §2.1 that `/oauth/token` serves. */
export const GRANT_TYPES = {
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
  isActive: boolean;
  /** ISO 8601. */
  createdAt: string;
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
