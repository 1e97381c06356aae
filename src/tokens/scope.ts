import { InvalidScopeError } from './scope.errors';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The permission names of a `scope` parameter (space-delimited, RFC 6749 §3.3), without
 * duplicates; undefined when no scope was asked for. A malformed scope is `invalid_scope`.
 */
export function parseScope(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  const tokens = scope.split(' ').filter((token) => token.length > 0);
  if (tokens.length === 0) return undefined;
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token)) throw new InvalidScopeError('The scope is malformed');
  }
  return [...new Set(tokens)];
}

/**
 * What a token may carry: every available permission, or the requested subset. Asking for one
 * that is not available is `invalid_scope` (never silently dropped: the caller would get a token
 * that fails later, far from the cause).
 */
export function narrowPermissions(
  available: readonly string[],
  requested: readonly string[] | undefined,
): string[] {
  if (requested === undefined) return [...new Set(available)];
  const held = new Set(available);
  const missing = requested.filter((permission) => !held.has(permission));
  if (missing.length > 0) {
    throw new InvalidScopeError(`The scope asks for more than is granted: ${missing.join(' ')}`);
  }
  return [...requested];
}

/** The `scope` claim and response parameter of a narrowed token: undefined when none was asked. */
export function scopeString(requested: readonly string[] | undefined): string | undefined {
  return requested === undefined ? undefined : requested.join(' ');
}

/** Whether `name` could be a scope token: client permissions are handed out as scopes. */
export function isScopeToken(name: string): boolean {
  return SCOPE_TOKEN.test(name);
}
