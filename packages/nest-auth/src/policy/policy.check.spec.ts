import { principalFromClaims, Principal } from '../principal';
import { policy } from './policy.builder';
import { check, checkAll } from './policy.check';
import type { AccessTokenClaims } from '../access-token-claims';

function principal(roles: string[] = [], permissions: string[] = []): Principal {
  return principalFromClaims({
    iss: 'https://warden.test',
    sub: 'user-1',
    aud: 'warden',
    exp: 2,
    iat: 1,
    jti: 'j',
    client_id: 'warden',
    token_use: 'access',
    roles,
    permissions,
  } satisfies AccessTokenClaims);
}

describe(check.name, () => {
  const sut = check;
  const alice = principal(['editor'], ['reports:read', 'reports:write']);

  it('allows anyone under an empty policy', () => {
    expect(sut(principal(), policy().build())).toEqual({ allowed: true });
  });

  it.each([
    ['needAll()', policy().needAll()],
    ['needAny()', policy().needAny()],
    ['rolesAll()', policy().rolesAll()],
    ['rolesAny()', policy().rolesAny()],
  ])('treats an empty %s as no requirement', (_name, builder) => {
    expect(sut(principal(), builder.build())).toEqual({ allowed: true });
  });

  describe('needAll', () => {
    it('allows when every permission is held', () => {
      expect(sut(alice, policy().needAll('reports:read', 'reports:write').build()).allowed).toBe(
        true,
      );
    });

    it('names the missing permissions', () => {
      expect(sut(alice, policy().needAll('reports:read', 'users:write').build())).toEqual({
        allowed: false,
        missing: { permissions: ['users:write'] },
      });
    });

    it('accumulates across calls', () => {
      const definition = policy().needAll('reports:read').needAll('keys:rotate').build();

      expect(sut(alice, definition)).toEqual({
        allowed: false,
        missing: { permissions: ['keys:rotate'] },
      });
    });
  });

  describe('needAny', () => {
    it('allows when one permission of the group is held', () => {
      expect(sut(alice, policy().needAny('users:write', 'reports:read').build()).allowed).toBe(
        true,
      );
    });

    it('names the unmet group', () => {
      expect(sut(alice, policy().needAny('users:write', 'keys:rotate').build())).toEqual({
        allowed: false,
        missing: { anyOfPermissions: [['users:write', 'keys:rotate']] },
      });
    });

    it('treats two calls as two groups that must both be met', () => {
      const definition = policy()
        .needAny('reports:read')
        .needAny('users:write', 'keys:rotate')
        .build();

      expect(sut(alice, definition)).toEqual({
        allowed: false,
        missing: { anyOfPermissions: [['users:write', 'keys:rotate']] },
      });
    });
  });

  describe('rolesAll', () => {
    it('allows when every role is held and names the missing ones otherwise', () => {
      expect(sut(alice, policy().rolesAll('editor').build()).allowed).toBe(true);
      expect(sut(alice, policy().rolesAll('editor', 'admin').build())).toEqual({
        allowed: false,
        missing: { roles: ['admin'] },
      });
    });
  });

  describe('rolesAny', () => {
    it('allows when one role is held and names the group otherwise', () => {
      expect(sut(alice, policy().rolesAny('admin', 'editor').build()).allowed).toBe(true);
      expect(sut(alice, policy().rolesAny('admin', 'owner').build())).toEqual({
        allowed: false,
        missing: { anyOfRoles: [['admin', 'owner']] },
      });
    });
  });

  describe('predicate', () => {
    it('allows when the predicate holds and names it otherwise', () => {
      const userTokens = policy().predicate((user) => user.tokenUse === 'access', 'user token');
      const serviceTokens = policy().predicate(
        (user) => user.tokenUse === 'service',
        'service token',
      );

      expect(sut(alice, userTokens.build()).allowed).toBe(true);
      expect(sut(alice, serviceTokens.build())).toEqual({
        allowed: false,
        missing: { predicates: ['service token'] },
      });
    });

    it('names an unnamed predicate after its function', () => {
      const isOwner = (): boolean => false;

      expect(sut(alice, policy().predicate(isOwner).build())).toMatchObject({
        missing: { predicates: ['isOwner'] },
      });
    });
  });

  it('combines every kind with AND and reports each failure', () => {
    const definition = policy()
      .needAll('reports:read', 'audit:read')
      .needAny('keys:rotate')
      .rolesAll('editor', 'admin')
      .rolesAny('owner')
      .predicate(() => false, 'never')
      .build();

    expect(sut(alice, definition)).toEqual({
      allowed: false,
      missing: {
        permissions: ['audit:read'],
        anyOfPermissions: [['keys:rotate']],
        roles: ['admin'],
        anyOfRoles: [['owner']],
        predicates: ['never'],
      },
    });
  });

  it('freezes what it builds', () => {
    const definition = policy().needAll('a').build();

    expect(Object.isFrozen(definition) && Object.isFrozen(definition.permissionsAll)).toBe(true);
  });
});

describe(checkAll.name, () => {
  it('requires every policy and merges what is missing', () => {
    const alice = principal(['editor'], ['reports:read']);

    expect(
      checkAll(alice, [
        policy().rolesAny('admin').build(),
        policy().needAll('users:write').build(),
      ]),
    ).toEqual({
      allowed: false,
      missing: { anyOfRoles: [['admin']], permissions: ['users:write'] },
    });
    expect(checkAll(alice, [])).toEqual({ allowed: true });
  });
});
