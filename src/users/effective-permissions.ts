/** The parts of a user and of its roles that decide what it may do. */
export interface PermissionHolder {
  roles: readonly string[];
  permissions: readonly string[];
}

export interface RolePermissions {
  name: string;
  permissions: readonly string[];
}

/**
 * A user's own permissions plus those of every role it holds, deduplicated and sorted (so
 * tokens and responses are stable). Roles the user names that no longer exist grant nothing.
 */
export function effectivePermissions(
  user: PermissionHolder,
  roles: readonly RolePermissions[],
): string[] {
  const held = new Set(user.roles);
  const granted = new Set(user.permissions);
  for (const role of roles) {
    if (!held.has(role.name)) continue;
    for (const permission of role.permissions) granted.add(permission);
  }
  return [...granted].sort();
}
