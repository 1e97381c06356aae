/**
 * Every administrative permission of docs/architecture.md §5. The `admin` role holds them all
 * (seeded by the CreateUsersAndRoles migration, the `apis:*` pair added by CreateApis; migrations
 * keep their own copies, as they never change).
 */
export const ADMIN_PERMISSIONS = [
  'users:read',
  'users:write',
  'roles:read',
  'roles:write',
  'keys:read',
  'keys:rotate',
  'clients:read',
  'clients:write',
  'audit:read',
  'apis:read',
  'apis:write',
] as const;

export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

/** The role holding every administrative permission. */
export const ADMIN_ROLE = 'admin';

/** The role of a newly registered user; it holds no administrative permission. */
export const DEFAULT_USER_ROLE = 'user';
