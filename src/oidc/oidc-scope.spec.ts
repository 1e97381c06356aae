import { grantedScopes, permissionScopes, scopeIncludes } from './oidc-scope';

describe(grantedScopes.name, () => {
  it('keeps identity scopes and the permissions both the user and the client hold', () => {
    const granted = grantedScopes(['openid', 'email', 'a', 'b', 'c', 'offline_access'], {
      user: ['a', 'b'],
      client: ['b', 'c'],
      mayRefresh: true,
    });
    expect(granted).toEqual(['openid', 'email', 'b', 'offline_access']);
  });

  it('drops offline_access for a client that may not refresh', () => {
    const granted = grantedScopes(['openid', 'offline_access'], {
      user: [],
      client: [],
      mayRefresh: false,
    });
    expect(granted).toEqual(['openid']);
  });
});

describe('scope helpers', () => {
  it('tells permission scopes from identity scopes', () => {
    expect(permissionScopes(['openid', 'orders:read', 'profile'])).toEqual(['orders:read']);
    expect(scopeIncludes('openid profile', 'openid')).toBe(true);
    expect(scopeIncludes('openidx', 'openid')).toBe(false);
    expect(scopeIncludes(undefined, 'openid')).toBe(false);
  });
});
