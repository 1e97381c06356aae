import { ADMIN_PERMISSIONS } from '../users/permissions';
import { authorityOf, intersectPermissions, missingPrivileges } from './missing-privileges';

describe(missingPrivileges.name, () => {
  it('names, sorted and once each, what is wanted but not held', () => {
    const authority = authorityOf(['users:write', 'roles:read']);

    const missing = missingPrivileges(authority, [
      'users:write',
      'roles:write',
      'audit:read',
      'roles:write',
    ]);

    expect(missing).toEqual(['audit:read', 'roles:write']);
  });

  it('is empty when everything wanted is held, or nothing is wanted', () => {
    const authority = authorityOf(['users:write', 'roles:read']);

    expect(missingPrivileges(authority, ['roles:read'])).toEqual([]);
    expect(missingPrivileges(authority, [])).toEqual([]);
  });

  it('lets a holder of every administrative permission hand out application permissions', () => {
    const full = authorityOf(ADMIN_PERMISSIONS);
    const almost = authorityOf(ADMIN_PERMISSIONS.filter((name) => name !== 'audit:read'));

    expect(full.full).toBe(true);
    expect(missingPrivileges(full, ['reports:read'])).toEqual([]);
    expect(almost.full).toBe(false);
    expect(missingPrivileges(almost, ['reports:read', 'audit:read'])).toEqual([
      'audit:read',
      'reports:read',
    ]);
  });

  it('holds nothing for an empty authority', () => {
    expect(missingPrivileges(authorityOf([]), ['users:read'])).toEqual(['users:read']);
  });
});

describe(intersectPermissions.name, () => {
  it('keeps what every set holds, once', () => {
    expect(intersectPermissions(['a', 'b', 'c', 'a'], ['c', 'a', 'd'], ['a', 'c', 'e'])).toEqual([
      'a',
      'c',
    ]);
  });

  it('is empty when any set is', () => {
    expect(intersectPermissions(['a'], [])).toEqual([]);
    expect(intersectPermissions()).toEqual([]);
  });
});
