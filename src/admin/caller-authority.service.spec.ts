import type { AccessTokenClaims, Principal, TokenUse } from '@warden/nest-auth';
import type { ClientsService } from '../tokens/clients/clients.service';
import type { ServiceClient } from '../tokens/clients/service-client';
import type { PublicUser } from '../users/public-user';
import type { UsersService } from '../users/users.service';
import { ADMIN_PERMISSIONS } from '../users/permissions';
import { CallerAuthorityService } from './caller-authority.service';

const USER_ID = '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10';

function user(overrides: Partial<PublicUser> = {}): PublicUser {
  return {
    id: USER_ID,
    username: 'ada',
    email: 'ada@example.com',
    isActive: true,
    roles: ['user'],
    permissions: ['users:read', 'users:write'],
    attributes: {},
    mfaEnabled: false,
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

function client(overrides: Partial<ServiceClient> = {}): ServiceClient {
  return {
    clientId: 'reports',
    name: 'reports',
    permissions: ['users:read', 'roles:read'],
    grantTypes: ['client_credentials'],
    allowedAudiences: [],
    attributes: {},
    redirectUris: [],
    postLogoutRedirectUris: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    firstParty: false,
    allowedOrigins: [],
    isActive: true,
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

function principal(
  sub: string,
  tokenUse: TokenUse,
  permissions: string[],
  clientId = 'warden',
): Principal {
  return {
    sub,
    tokenUse,
    permissions,
    clientId,
    roles: [],
    amr: [],
    claims: {} as AccessTokenClaims,
  };
}

/** The authority service over one stored user and one stored client (either may be absent). */
function authorityWith(stored: { user?: PublicUser; client?: ServiceClient }) {
  const users: Pick<UsersService, 'findById'> = {
    findById: (id) => Promise.resolve(stored.user?.id === id ? stored.user : null),
  };
  const clients: Pick<ClientsService, 'findById'> = {
    findById: (id) => Promise.resolve(stored.client?.clientId === id ? stored.client : null),
  };
  return new CallerAuthorityService(users as UsersService, clients as ClientsService);
}

async function held(sut: CallerAuthorityService, caller: Principal): Promise<string[]> {
  return [...(await sut.authorityOf(caller)).permissions].sort();
}

describe(CallerAuthorityService.name, () => {
  it('gives a user what both its token and its stored permissions hold', async () => {
    const sut = authorityWith({ user: user() });

    const caller = principal(USER_ID, 'access', ['users:write', 'roles:write']);

    expect(await held(sut, caller)).toEqual(['users:write']);
  });

  it('gives nothing to a user that is gone or inactive', async () => {
    const caller = principal(USER_ID, 'access', ['users:write']);

    expect(await held(authorityWith({}), caller)).toEqual([]);
    expect(await held(authorityWith({ user: user({ isActive: false }) }), caller)).toEqual([]);
  });

  it("gives a service token what both it and the client's stored permissions hold", async () => {
    const sut = authorityWith({ client: client() });

    const bySubject = principal('client:reports', 'service', ['roles:read', 'keys:read']);
    const byTokenUse = principal('reports', 'service', ['roles:read'], 'reports');

    expect(await held(sut, bySubject)).toEqual(['roles:read']);
    expect(await held(sut, byTokenUse)).toEqual(['roles:read']);
  });

  it('gives nothing to a service token whose client is gone or inactive', async () => {
    const caller = principal('client:reports', 'service', ['roles:read']);

    expect(await held(authorityWith({}), caller)).toEqual([]);
    expect(await held(authorityWith({ client: client({ isActive: false }) }), caller)).toEqual([]);
  });

  it('bounds a delegated token by the user and the acting client', async () => {
    const sut = authorityWith({ user: user(), client: client() });

    const caller = principal(USER_ID, 'delegated', ['users:read', 'users:write'], 'reports');

    expect(await held(sut, caller)).toEqual(['users:read']);
    expect(await held(authorityWith({ user: user() }), caller)).toEqual([]);
  });

  it('is full only when every administrative permission is held now', async () => {
    const everything = [...ADMIN_PERMISSIONS];
    const caller = principal(USER_ID, 'access', everything);

    const admin = authorityWith({ user: user({ permissions: everything }) });
    const demoted = authorityWith({ user: user({ permissions: everything.slice(1) }) });

    expect((await admin.authorityOf(caller)).full).toBe(true);
    expect((await demoted.authorityOf(caller)).full).toBe(false);
  });
});
