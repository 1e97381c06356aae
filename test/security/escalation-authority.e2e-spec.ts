import { ADMIN_PERMISSIONS } from '../../src/users/permissions';
import { ADMIN_ENV, AdminSession, adminSession, api } from '../admin/admin.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import {
  callerWith,
  createClientAs,
  ESCALATION,
  exchanged,
  loginPermissions,
  outcomeOf,
  permissionsOf,
  serviceToken,
  statusOnly,
} from './support/escalation.fixtures';

const EVERYTHING = [...ADMIN_PERMISSIONS];

/** docs/architecture.md §5 "No escalation": what stays allowed, and authority as it stands now. */
describe('Caller authority', () => {
  let sut: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    admin = await adminSession(sut);
    expect(
      (await admin.call('PUT', '/roles/readers', { permissions: ['roles:read'] })).status,
    ).toBe(200);
    expect((await admin.call('PUT', '/roles/vault', { permissions: EVERYTHING })).status).toBe(200);
  });
  afterAll(() => sut.close());

  /** A registered user given `permissions` by the administrator, and its session. */
  async function holderOf(permissions: string[]) {
    const account = await registeredAccount(sut);
    expect((await admin.call('PATCH', `/users/${account.id}`, { permissions })).status).toBe(200);
    const { access_token: token } = await loginOk(sut, account);
    return { account, caller: callerWith(sut, token) };
  }

  describe('a holder of users:write and roles:read', () => {
    it('grants a role whose permissions it holds, and acts on users holding no more', async () => {
      const { caller } = await holderOf(['users:write', 'roles:read']);
      const accomplice = await registeredAccount(sut);

      const granted = await caller.call('PATCH', `/users/${accomplice.id}`, {
        roles: ['user', 'readers'],
      });
      const deactivated = await caller.call('PATCH', `/users/${accomplice.id}`, {
        isActive: false,
      });

      expect(await outcomeOf(granted)).toEqual(statusOnly(200));
      expect(await outcomeOf(deactivated)).toEqual(statusOnly(200));
    });

    it('is refused a wider role, with the missing permissions named and no challenge', async () => {
      const { caller } = await holderOf(['users:write', 'roles:read']);
      const accomplice = await registeredAccount(sut);

      const response = await caller.call('PATCH', `/users/${accomplice.id}`, { roles: ['vault'] });

      const missing = EVERYTHING.filter((name) => !['users:write', 'roles:read'].includes(name));
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(await response.json()).toMatchObject({
        code: 'ERR_PRIVILEGE_ESCALATION',
        message: `You may not grant what you do not hold: ${missing.sort().join(', ')}`,
        missing,
      });
      expect(await loginPermissions(sut, accomplice)).toEqual([]);
    });

    it('may not touch a user holding more, and says what it lacks', async () => {
      const { caller } = await holderOf(['users:write', 'roles:read']);

      const response = await caller.call('PATCH', `/users/${admin.id}`, { isActive: false });

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        code: 'ERR_PRIVILEGE_ESCALATION',
        missing: expect.arrayContaining(['roles:write', 'users:read']) as unknown,
      });
    });
  });

  describe('an administrator', () => {
    it('grants anything, application permissions included, and acts on anyone', async () => {
      const other = await registeredAccount(sut);

      const promoted = await admin.call('PATCH', `/users/${other.id}`, { roles: ['admin'] });
      const role = await admin.call('PUT', '/roles/reporting', {
        permissions: ['reports:read', ...EVERYTHING],
      });
      const client = await createClientAs(callerWith(sut, admin.token), 'reports', [
        'reports:read',
      ]);
      const removed = await admin.call('DELETE', `/clients/${client.client?.client_id}`);
      const deactivated = await admin.call('PATCH', `/users/${other.id}`, { isActive: false });
      const deleted = await admin.call('DELETE', `/users/${other.id}`);

      expect(promoted.status).toBe(200);
      expect(role.status).toBe(200);
      expect(client.response.status).toBe(201);
      expect(removed.status).toBe(204);
      expect(deactivated.status).toBe(200);
      expect(deleted.status).toBe(204);
    });

    it('changes its own email, but never its own roles or permissions', async () => {
      const email = await admin.call('PATCH', `/users/${admin.id}`, { email: 'root@example.org' });
      const roles = await admin.call('PATCH', `/users/${admin.id}`, { roles: ['admin'] });
      const permissions = await admin.call('PATCH', `/users/${admin.id}`, { permissions: [] });

      expect(email.status).toBe(200);
      expect(await outcomeOf(roles)).toEqual(ESCALATION);
      expect(await outcomeOf(permissions)).toEqual(ESCALATION);
    });
  });

  describe('authority is what the subject holds now, not what its token says', () => {
    it('a demoted user keeps its token but can grant nothing with it', async () => {
      const { account, caller } = await holderOf(['users:write']);
      const accomplice = await registeredAccount(sut);
      await admin.call('PATCH', `/users/${account.id}`, { permissions: [] });

      const response = await caller.call('PATCH', `/users/${accomplice.id}`, {
        permissions: ['users:write'],
      });

      expect(permissionsOf(caller.token)).toEqual(['users:write']);
      expect(await outcomeOf(response)).toEqual(ESCALATION);
    });

    it("a deleted client's service token can create no client: it is revoked outright", async () => {
      const { client } = await createClientAs(callerWith(sut, admin.token), 'gone', [
        'clients:write',
      ]);
      if (!client) throw new Error('client not created');
      const token = await serviceToken(sut, client);
      expect((await admin.call('DELETE', `/clients/${client.client_id}`)).status).toBe(204);

      const response = await api(sut, 'POST', '/clients', token, {
        name: 'forged',
        permissions: ['clients:write'],
      });

      expect(await outcomeOf(response)).toEqual({ status: 401, code: 'ERR_TOKEN_REVOKED' });
    });

    it('a delegated token dies with the acting client', async () => {
      const { caller } = await holderOf(['users:write']);
      const accomplice = await registeredAccount(sut);
      const { client } = await createClientAs(callerWith(sut, admin.token), 'gateway', [
        'users:write',
      ]);
      if (!client) throw new Error('client not created');
      const delegated = callerWith(sut, await exchanged(sut, client, caller.token));
      const before = await delegated.call('PATCH', `/users/${accomplice.id}`, {
        permissions: ['users:write'],
      });
      expect((await admin.call('DELETE', `/clients/${client.client_id}`)).status).toBe(204);

      const after = await delegated.call('PATCH', `/users/${accomplice.id}`, { permissions: [] });

      expect(permissionsOf(delegated.token)).toEqual(['users:write']);
      expect(await outcomeOf(before)).toEqual(statusOnly(200));
      expect(await outcomeOf(after)).toEqual({ status: 401, code: 'ERR_TOKEN_REVOKED' });
    });
  });

  it('documents the refusal on every route that grants or acts on a holder', async () => {
    type Operation = { responses: Record<string, { description?: string }> };
    const document = (await (await sut.request('/docs-json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes: [string, string][] = [
      ['/users/{id}', 'patch'],
      ['/users/{id}', 'delete'],
      ['/users/{id}/revoke-tokens', 'post'],
      ['/users/{id}/mfa', 'delete'],
      ['/roles/{name}', 'put'],
      ['/clients', 'post'],
      ['/clients/{id}', 'delete'],
    ];

    for (const [path, method] of routes) {
      const forbidden = document.paths[path]?.[method]?.responses['403'];
      expect(forbidden?.description).toContain('ERR_PRIVILEGE_ESCALATION');
      expect(forbidden?.description).toContain('insufficient_scope');
    }
  });
});
