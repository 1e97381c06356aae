import { effectivePermissions } from './effective-permissions';

const user = (roles: string[], permissions: string[] = []) => ({ roles, permissions });
const role = (name: string, permissions: string[]) => ({ name, permissions });

describe(effectivePermissions.name, () => {
  const roles = [
    role('admin', ['users:read', 'users:write']),
    role('auditor', ['audit:read', 'users:read']),
    role('user', []),
  ];

  it("is the user's own permissions plus its roles', once each, sorted", () => {
    expect(effectivePermissions(user(['admin', 'auditor'], ['reports:read']), roles)).toEqual([
      'audit:read',
      'reports:read',
      'users:read',
      'users:write',
    ]);
  });

  it('grants nothing for roles the user does not hold', () => {
    expect(effectivePermissions(user(['user']), roles)).toEqual([]);
  });

  it('grants nothing for a role that no longer exists', () => {
    expect(effectivePermissions(user(['deleted-role'], ['a']), roles)).toEqual(['a']);
  });
});
