import type { UserEntity } from './user.entity';

/** The columns an administrative change (`PATCH /users/:id`) may write, in documented order. */
const CHANGEABLE = ['email', 'roles', 'permissions', 'isActive'] as const;

export type ChangeableUserField = (typeof CHANGEABLE)[number];
export type ChangeableUserValues = Pick<UserEntity, ChangeableUserField>;

/**
 * The requested values that differ from the stored ones: what an update writes, and the fields
 * its `user.updated` audit row lists. Roles and permissions are sets: the same names in another
 * order are no change. Values are compared as stored (the email already normalised).
 */
export function changedUserValues(
  stored: Readonly<ChangeableUserValues>,
  requested: Readonly<Partial<ChangeableUserValues>>,
): Partial<ChangeableUserValues> {
  const changed: Partial<Record<ChangeableUserField, unknown>> = {};
  for (const field of CHANGEABLE) {
    const value = requested[field];
    if (value !== undefined && !sameValue(stored[field], value)) changed[field] = value;
  }
  return changed as Partial<ChangeableUserValues>;
}

function sameValue(stored: unknown, requested: unknown): boolean {
  if (!Array.isArray(stored) || !Array.isArray(requested)) return stored === requested;
  const names = new Set<unknown>(stored);
  return (
    names.size === new Set<unknown>(requested).size && requested.every((name) => names.has(name))
  );
}
