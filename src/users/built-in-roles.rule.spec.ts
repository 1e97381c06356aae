import { builtInRoleProblem } from './built-in-roles.rule';
import { ADMIN_PERMISSIONS } from './permissions';

describe(builtInRoleProblem.name, () => {
  it('accepts any permissions for a role of the deployment', () => {
    expect(builtInRoleProblem('editor', ['users:write', 'articles:write'])).toBeUndefined();
    expect(builtInRoleProblem('editor', [])).toBeUndefined();
  });

  it('accepts the admin role with every administrative permission, and more', () => {
    expect(builtInRoleProblem('admin', [...ADMIN_PERMISSIONS, 'reports:read'])).toBeUndefined();
  });

  it('refuses an admin role missing an administrative permission, naming it', () => {
    const permissions = ADMIN_PERMISSIONS.filter((permission) => permission !== 'audit:read');

    expect(builtInRoleProblem('admin', permissions)).toContain('audit:read');
    expect(builtInRoleProblem('admin', [])).toBeDefined();
  });

  it('accepts the user role with non-administrative permissions', () => {
    expect(builtInRoleProblem('user', ['profile:read'])).toBeUndefined();
    expect(builtInRoleProblem('user', [])).toBeUndefined();
  });

  it('refuses an administrative permission on the user role, naming it', () => {
    expect(builtInRoleProblem('user', ['profile:read', 'users:read'])).toContain('users:read');
  });
});
