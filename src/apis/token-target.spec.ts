import { InvalidTargetError } from '../tokens/oauth/oauth.errors';
import { builtInApi, ResourceServer } from './resource-server';
import {
  attributeClaims,
  MAX_REQUESTED_AUDIENCES,
  permittedFor,
  requestedAudiences,
  tokenTarget,
} from './token-target';

function api(overrides: Partial<ResourceServer> = {}): ResourceServer {
  return {
    identifier: 'billing',
    name: 'Billing',
    permissions: ['billing:read'],
    accessTokenTtl: 600,
    allowedTokenUses: ['access', 'service', 'delegated'],
    claims: [],
    builtIn: false,
    ...overrides,
  };
}

describe(tokenTarget.name, () => {
  it('takes one API: its identifier as a string, its permissions, its TTL', () => {
    const target = tokenTarget([api()], 'access', 900);

    expect(target.aud).toBe('billing');
    expect(permittedFor(target, ['billing:read', 'reports:write'])).toEqual(['billing:read']);
    expect(target.ttl).toBe(600);
  });

  it("falls back to the use's default lifetime and defines everything for the built-in API", () => {
    const target = tokenTarget([builtInApi('warden')], 'service', 300);

    expect(target).toMatchObject({ aud: 'warden', ttl: 300, permits: undefined, claimNames: [] });
    expect(permittedFor(target, ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('combines several: every identifier, the shortest TTL, the union of permissions and claims', () => {
    const target = tokenTarget(
      [
        api({ claims: ['tenant_id'] }),
        api({
          identifier: 'reports',
          permissions: ['reports:read'],
          accessTokenTtl: undefined,
          claims: ['tenant_id', 'region'],
        }),
      ],
      'access',
      120,
    );

    expect(target.aud).toEqual(['billing', 'reports']);
    expect(target.ttl).toBe(120);
    expect(permittedFor(target, ['reports:read', 'billing:read', 'x'])).toEqual([
      'reports:read',
      'billing:read',
    ]);
    expect(target.claimNames).toEqual(['tenant_id', 'region']);
  });

  it('refuses a use one of the APIs does not accept: invalid_target', () => {
    const usersOnly = api({ identifier: 'ui', allowedTokenUses: ['access'] });

    expect(() => tokenTarget([api(), usersOnly], 'service', 300)).toThrow(InvalidTargetError);
  });
});

describe(attributeClaims.name, () => {
  const target = tokenTarget(
    [api({ claims: ['tenant_id', 'instance_ids', 'sub', 'gone'] })],
    'access',
    1,
  );

  it('copies the named attributes, skips the missing and null ones and never a reserved name', () => {
    expect(
      attributeClaims(target, {
        tenant_id: 'acme',
        instance_ids: ['a', 'b'],
        sub: 'forged',
        other: 'x',
        gone: null,
      }),
    ).toEqual({ tenant_id: 'acme', instance_ids: ['a', 'b'] });
    expect(attributeClaims(target, undefined)).toEqual({});
  });

  it('reads own members only', () => {
    const inherited = Object.create({ tenant_id: 'from-prototype' }) as Record<string, unknown>;

    expect(attributeClaims(target, inherited)).toEqual({});
  });
});

describe(requestedAudiences.name, () => {
  it('flattens strings and lists in order, without duplicates', () => {
    expect(requestedAudiences(['a', 'b'], 'a', undefined, 'c')).toEqual(['a', 'b', 'c']);
    expect(requestedAudiences(undefined)).toEqual([]);
  });

  it(`refuses more than ${MAX_REQUESTED_AUDIENCES}`, () => {
    const many = Array.from({ length: MAX_REQUESTED_AUDIENCES + 1 }, (_, i) => `api-${i}`);

    expect(() => requestedAudiences(many)).toThrow(InvalidTargetError);
  });
});
