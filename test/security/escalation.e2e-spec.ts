import { ADMIN_PERMISSIONS } from '../../src/users/permissions';
import { ADMIN_ENV, AdminSession, adminSession, api } from '../admin/admin.fixtures';
import type { OAuthClient } from '../oauth/oauth.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import type { AccountFixture } from '../users/users.factory';
import {
  Caller,
  callerWith,
  createClientAs,
  ESCALATION,
  exchanged,
  expected,
  loginPermissions,
  Outcome,
  outcomeOf,
  permissionsOf,
  serviceToken,
  statusOnly,
} from './support/escalation.fixtures';

/** What the attacker aims at, set up by the administrator for each permission. */
interface Targets {
  index: number;
  held: string;
  adminId: string;
  accompliceId: string;
  /** An empty role the attacking user holds. */
  crewRole: string;
  /** A role and a client holding every administrative permission. */
  vaultRole: string;
  vaultClient: OAuthClient;
  /** A first-party browser client holding no permission: its tokens carry users' roles. */
  firstPartyClient: OAuthClient;
  /** The attacker's own service client, holding the one permission. */
  ownClient: OAuthClient;
  /** Clients the attacker managed to create. */
  created: OAuthClient[];
}

type Attempt = [
  description: string,
  needs: string,
  allowed: Outcome,
  run: (caller: Caller, targets: Targets) => Promise<Response>,
];

const EVERYTHING = [...ADMIN_PERMISSIONS];

/** docs/architecture.md §5: every way a holder of one permission could try to get more. */
const ATTEMPTS: Attempt[] = [
  [
    'give an accomplice the admin role',
    'users:write',
    ESCALATION,
    (caller, t) => caller.call('PATCH', `/users/${t.accompliceId}`, { roles: ['admin'] }),
  ],
  [
    'give an accomplice every permission',
    'users:write',
    ESCALATION,
    (caller, t) => caller.call('PATCH', `/users/${t.accompliceId}`, { permissions: EVERYTHING }),
  ],
  [
    'give an accomplice a privileged role',
    'users:write',
    ESCALATION,
    (caller, t) =>
      caller.call('PATCH', `/users/${t.accompliceId}`, { roles: ['user', t.vaultRole] }),
  ],
  [
    'give an accomplice an application permission',
    'users:write',
    ESCALATION,
    (caller, t) =>
      caller.call('PATCH', `/users/${t.accompliceId}`, { permissions: ['reports:read'] }),
  ],
  [
    'give an accomplice the held permission',
    'users:write',
    statusOnly(200),
    (caller, t) => caller.call('PATCH', `/users/${t.accompliceId}`, { permissions: [t.held] }),
  ],
  [
    'widen the user role',
    'roles:write',
    ESCALATION,
    (caller) => caller.call('PUT', '/roles/user', { permissions: EVERYTHING }),
  ],
  [
    'create a role with every permission',
    'roles:write',
    ESCALATION,
    (caller, t) => caller.call('PUT', `/roles/forged-${t.index}`, { permissions: EVERYTHING }),
  ],
  [
    'create a role with the held permission',
    'roles:write',
    statusOnly(200),
    (caller, t) => caller.call('PUT', `/roles/own-${t.index}`, { permissions: [t.held] }),
  ],
  [
    'widen a role it holds',
    'roles:write',
    ESCALATION,
    (caller, t) => caller.call('PUT', `/roles/${t.crewRole}`, { permissions: EVERYTHING }),
  ],
  [
    'rewrite a more privileged role',
    'roles:write',
    ESCALATION,
    (caller, t) => caller.call('PUT', `/roles/${t.vaultRole}`, { permissions: [t.held] }),
  ],
  [
    'rewrite the admin role unchanged',
    'roles:write',
    ESCALATION,
    (caller) => caller.call('PUT', '/roles/admin', { permissions: EVERYTHING }),
  ],
  [
    'create a client with every permission',
    'clients:write',
    ESCALATION,
    (caller) => caller.call('POST', '/clients', { name: 'forged', permissions: EVERYTHING }),
  ],
  [
    'create a client with an application permission',
    'clients:write',
    ESCALATION,
    (caller) => caller.call('POST', '/clients', { name: 'forged', permissions: ['reports:read'] }),
  ],
  [
    'create a client with the held permission',
    'clients:write',
    statusOnly(201),
    async (caller, t) => {
      const { response, client } = await createClientAs(caller, 'own', [t.held]);
      if (client) t.created.push(client);
      return response;
    },
  ],
  [
    'delete a more privileged client',
    'clients:write',
    ESCALATION,
    (caller, t) => caller.call('DELETE', `/clients/${t.vaultClient.client_id}`),
  ],
  // A first-party client's code-flow tokens carry the signed-in user's roles (roles: ["admin"]
  // for an administrator), which consumer APIs may trust: only a full administrator makes one.
  [
    'register a first-party client',
    'clients:write',
    ESCALATION,
    (caller, t) =>
      caller.call('POST', '/clients', {
        name: 'forged-sso',
        permissions: [],
        first_party: true,
        grant_types: ['authorization_code'],
        redirect_uris: [`https://attacker.example/${t.index}/callback`],
      }),
  ],
  [
    'make its own client first-party',
    'clients:write',
    ESCALATION,
    (caller, t) => caller.call('PATCH', `/clients/${t.ownClient.client_id}`, { first_party: true }),
  ],
  [
    "redirect a first-party client's codes to itself",
    'clients:write',
    ESCALATION,
    (caller, t) =>
      caller.call('PATCH', `/clients/${t.firstPartyClient.client_id}`, {
        redirect_uris: [`https://attacker.example/${t.index}/callback`],
      }),
  ],
  [
    'delete a first-party client',
    'clients:write',
    ESCALATION,
    (caller, t) => caller.call('DELETE', `/clients/${t.firstPartyClient.client_id}`),
  ],
  [
    'deactivate the admin',
    'users:write',
    ESCALATION,
    (caller, t) => caller.call('PATCH', `/users/${t.adminId}`, { isActive: false }),
  ],
  [
    "change the admin's email",
    'users:write',
    ESCALATION,
    (caller, t) =>
      caller.call('PATCH', `/users/${t.adminId}`, { email: `taken-${t.index}@example.com` }),
  ],
  [
    "revoke the admin's tokens",
    'users:write',
    ESCALATION,
    (caller, t) => caller.call('POST', `/users/${t.adminId}/revoke-tokens`),
  ],
  [
    'delete the admin',
    'users:write',
    ESCALATION,
    (caller, t) => caller.call('DELETE', `/users/${t.adminId}`),
  ],
];

/** Only a user has a self to promote. */
const SELF_ATTEMPTS: [description: string, body: (t: Targets) => unknown][] = [
  ['take the admin role', () => ({ roles: ['admin'] })],
  ['set its permissions to what it holds', (t) => ({ permissions: [t.held] })],
  ['set its roles to what it holds', (t) => ({ roles: ['user', t.crewRole] })],
];

describe('No escalation (docs/architecture.md §5)', () => {
  let sut: TestApp;
  let admin: AdminSession;
  let adminBefore: unknown;

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    admin = await adminSession(sut);
    adminBefore = await (await admin.call('GET', `/users/${admin.id}`)).json();
  });
  afterAll(() => sut.close());

  const asAdmin = async (method: 'PUT' | 'PATCH' | 'POST', path: string, body: unknown) => {
    const response = await admin.call(method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
    return response;
  };

  describe.each(ADMIN_PERMISSIONS.map((held, index) => [held, index] as const))(
    'a holder of only %s',
    (held, index) => {
      const targets = { index, held, created: [] as OAuthClient[] } as Targets;
      let attacker: AccountFixture & { id: string };
      let accomplice: AccountFixture & { id: string };
      let attackerClient: OAuthClient;
      const callers: Record<'user' | 'client', Caller> = {} as Record<'user' | 'client', Caller>;

      beforeAll(async () => {
        targets.adminId = admin.id;
        targets.crewRole = `crew-${index}`;
        targets.vaultRole = `vault-${index}`;
        await asAdmin('PUT', `/roles/${targets.crewRole}`, { permissions: [] });
        await asAdmin('PUT', `/roles/${targets.vaultRole}`, { permissions: EVERYTHING });
        attacker = await registeredAccount(sut);
        await asAdmin('PATCH', `/users/${attacker.id}`, {
          roles: ['user', targets.crewRole],
          permissions: [held],
        });
        accomplice = await registeredAccount(sut);
        targets.accompliceId = accomplice.id;
        const vault = await createClientAs(callerWith(sut, admin.token), 'vault', EVERYTHING);
        const own = await createClientAs(callerWith(sut, admin.token), 'attacker', [held]);
        if (!vault.client || !own.client) throw new Error('clients not created');
        targets.vaultClient = vault.client;
        attackerClient = own.client;
        targets.ownClient = own.client;
        const firstParty = await asAdmin('POST', '/clients', {
          name: `portal-${index}`,
          permissions: [],
          first_party: true,
          grant_types: ['authorization_code'],
          redirect_uris: [`https://portal.example/${index}/callback`],
        });
        targets.firstPartyClient = (await firstParty.json()) as OAuthClient;
        callers.user = callerWith(sut, (await loginOk(sut, attacker)).access_token);
        callers.client = callerWith(sut, await serviceToken(sut, attackerClient));
      });

      it('starts from tokens holding exactly the one permission', () => {
        expect(permissionsOf(callers.user.token)).toEqual([held]);
        expect(permissionsOf(callers.client.token)).toEqual([held]);
      });

      it.each(SELF_ATTEMPTS)('as a user, may not %s', async (_description, body) => {
        const response = await callers.user.call('PATCH', `/users/${attacker.id}`, body(targets));

        expect(await outcomeOf(response)).toEqual(expected(held, 'users:write'));
      });

      describe.each(['user', 'client'] as const)('as a %s', (kind) => {
        it.each(ATTEMPTS)('tries to %s', async (_description, needs, allowed, run) => {
          const response = await run(callers[kind], targets);

          expect(await outcomeOf(response)).toEqual(expected(held, needs, allowed));
        });
      });

      it('afterwards, nothing it can obtain carries more, and the admin is untouched', async () => {
        const within = (permissions: string[]) =>
          expect(permissions.filter((permission) => permission !== held)).toEqual([]);
        within(await loginPermissions(sut, attacker));
        within(await loginPermissions(sut, accomplice));
        for (const client of [attackerClient, ...targets.created]) {
          within(permissionsOf(await serviceToken(sut, client)));
          within(permissionsOf(await exchanged(sut, client, admin.token)));
          within(permissionsOf(await exchanged(sut, client, callers.user.token)));
        }
        expect(targets.created).toHaveLength(held === 'clients:write' ? 2 : 0);

        expect(await (await admin.call('GET', `/users/${admin.id}`)).json()).toEqual(adminBefore);
        expect((await api(sut, 'GET', '/auth/me', admin.token)).status).toBe(200);
        const roles = (await (await admin.call('GET', '/roles')).json()) as {
          name: string;
          permissions: string[];
        }[];
        const permissionsOfRole = (name: string) =>
          roles.find((role) => role.name === name)?.permissions.sort();
        expect(permissionsOfRole('admin')).toEqual([...EVERYTHING].sort());
        expect(permissionsOfRole('user')).toEqual([]);
        expect(permissionsOfRole(targets.crewRole)).toEqual([]);
        expect(permissionsOfRole(targets.vaultRole)).toEqual([...EVERYTHING].sort());
        expect(permissionsOfRole(`forged-${index}`)).toBeUndefined();
        expect(permissionsOf(await serviceToken(sut, targets.vaultClient)).sort()).toEqual(
          [...EVERYTHING].sort(),
        );
        const portal = await admin.call('GET', `/clients/${targets.firstPartyClient.client_id}`);
        expect(await portal.json()).toMatchObject({
          first_party: true,
          redirect_uris: [`https://portal.example/${index}/callback`],
        });
        const own = await admin.call('GET', `/clients/${attackerClient.client_id}`);
        expect(await own.json()).toMatchObject({ first_party: false });
      });
    },
  );
});
