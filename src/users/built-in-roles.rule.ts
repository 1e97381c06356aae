import { ADMIN_PERMISSIONS, ADMIN_ROLE, DEFAULT_USER_ROLE } from './permissions';

/**
 * docs/architecture.md §5 fixes two roles: `admin` holds every administrative permission, and
 * `user` (every new account's role) holds none. A role change that breaks either would lock
 * every administrator out, or make every self-registered account an administrator, so it is
 * refused.
 * Returns what is wrong, or undefined when the change is acceptable.
 */
export function builtInRoleProblem(
  name: string,
  permissions: readonly string[],
): string | undefined {
  const adminPermissions: readonly string[] = ADMIN_PERMISSIONS;
  if (name === ADMIN_ROLE) {
    const dropped = adminPermissions.filter((permission) => !permissions.includes(permission));
    if (dropped.length > 0) return `The ${ADMIN_ROLE} role must keep ${dropped.join(', ')}`;
  }
  if (name === DEFAULT_USER_ROLE) {
    const granted = permissions.filter((permission) => adminPermissions.includes(permission));
    if (granted.length > 0)
      return `The ${DEFAULT_USER_ROLE} role may not hold ${granted.join(', ')}`;
  }
  return undefined;
}
