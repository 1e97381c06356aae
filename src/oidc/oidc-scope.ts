/**
 * OIDC Core §5.4 and §11: the scope values that ask for identity, not for a permission. Any other
 * scope token of an authorization request names a permission (docs/architecture.md §3).
 */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

export type OidcScope = (typeof OIDC_SCOPES)[number];

const IDENTITY_SCOPES: ReadonlySet<string> = new Set(OIDC_SCOPES);

export function isOidcScope(scope: string): scope is OidcScope {
  return IDENTITY_SCOPES.has(scope);
}

/** The permission names among `scopes`. */
export function permissionScopes(scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !isOidcScope(scope));
}

/** Whether a space-delimited `scope` (a token's claim, a stored grant) contains `wanted`. */
export function scopeIncludes(scope: string | undefined, wanted: string): boolean {
  return scope !== undefined && scope.split(' ').includes(wanted);
}

/**
 * What a code grant issues: the identity scopes asked for (`offline_access` only for a client
 * that may refresh) and the permissions asked for that both the user and the client hold. A
 * client never obtains, through a user, a permission its administrator could not give it.
 */
export function grantedScopes(
  requested: readonly string[],
  held: { user: readonly string[]; client: readonly string[]; mayRefresh: boolean },
): string[] {
  const user = new Set(held.user);
  const client = new Set(held.client);
  return requested.filter((scope) => {
    if (scope === 'offline_access') return held.mayRefresh;
    if (isOidcScope(scope)) return true;
    return user.has(scope) && client.has(scope);
  });
}
