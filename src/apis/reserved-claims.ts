/**
 * Claim names an attribute may never become: the registered claims of RFC 7519 §4.1, those of
 * RFC 9068 §2.2 and RFC 8693 §4, OpenID Connect Core §2 and §5.1's that relying parties act on,
 * and Warden's own (docs/architecture.md §3). A mapped attribute shadowing one of them would
 * let an attribute editor forge identity, audience or authority.
 */
export const RESERVED_CLAIM_NAMES: ReadonlySet<string> = new Set([
  // RFC 7519 §4.1
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  // RFC 9068 §2.2, RFC 8693 §4, RFC 7800
  'client_id',
  'scope',
  'act',
  'may_act',
  'cnf',
  'typ',
  // OpenID Connect Core
  'azp',
  'auth_time',
  'acr',
  'amr',
  'nonce',
  'at_hash',
  'c_hash',
  'sid',
  'email',
  'email_verified',
  'name',
  'preferred_username',
  // Warden
  'token_use',
  'roles',
  'permissions',
  'username',
  'groups',
  'entitlements',
]);

/** The shape of a claim (and attribute) name: what fits in a token and a log line unescaped. */
export const CLAIM_NAME = /^[a-z][a-z0-9_]{0,63}$/;
export const CLAIM_NAME_RULE = '1 to 64 of a-z 0-9 _, starting with a letter';

/** True when `name` may be mapped into tokens as a claim. */
export function isMappableClaimName(name: string): boolean {
  return CLAIM_NAME.test(name) && !RESERVED_CLAIM_NAMES.has(name);
}

/** The members of `claims` that are none of the reserved ones: an API's mapped attributes. */
export function withoutReservedClaims(
  claims: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  if (claims === undefined) return {};
  return Object.fromEntries(
    Object.entries(claims).filter(([name]) => !RESERVED_CLAIM_NAMES.has(name)),
  );
}
