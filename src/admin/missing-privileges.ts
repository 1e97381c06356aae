import { ADMIN_PERMISSIONS } from '../users/permissions';

/** What a caller may hand out, and the users, roles and clients it may act on. */
export interface Authority {
  readonly permissions: ReadonlySet<string>;
  /**
   * Holds every administrative permission. Nobody stands above such a caller, so it is also the
   * one that hands out the application permissions (`reports:read`) nobody else holds yet.
   */
  readonly full: boolean;
}

/** The authority of a caller holding exactly `permissions` (already intersected). */
export function authorityOf(permissions: Iterable<string>): Authority {
  const held = new Set(permissions);
  return { permissions: held, full: ADMIN_PERMISSIONS.every((permission) => held.has(permission)) };
}

/** What every one of `sets` holds. */
export function intersectPermissions(...sets: readonly (readonly string[])[]): string[] {
  const [first = [], ...rest] = sets;
  return [...new Set(first)].filter((permission) => rest.every((set) => set.includes(permission)));
}

/** The permissions of `wanted` the authority does not cover, deduplicated and sorted. */
export function missingPrivileges(authority: Authority, wanted: Iterable<string>): string[] {
  if (authority.full) return [];
  const missing = new Set<string>();
  for (const permission of wanted) {
    if (!authority.permissions.has(permission)) missing.add(permission);
  }
  return [...missing].sort();
}
