import { randomUUID } from 'node:crypto';
import { UsersAdminController } from '../../src/admin/users/users-admin.controller';
import { createTestApp, TestApp } from '../support/test-app';
import { bodyOf, login, me, refresh, registeredAccount } from '../tokens/session.fixtures';
import { ADMIN, ADMIN_ENV, AdminSession, adminSession, plainUser } from './admin.fixtures';

interface UsersPage {
  items: { id: string; username: string; isActive: boolean }[];
  total: number;
  offset: number;
  limit: number;
}

describe(UsersAdminController.name, () => {
  let sut: TestApp;
  let adminId: string;

  let admin: AdminSession['call'];

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    ({ id: adminId, call: admin } = await adminSession(sut));
  });
  afterAll(() => sut.close());

  const listUsers = async (query: string): Promise<UsersPage> => {
    const response = await admin('GET', `/users${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as UsersPage;
  };

  describe('GET /users', () => {
    let inactiveId: string;

    beforeAll(async () => {
      for (let i = 0; i < 4; i += 1) await registeredAccount(sut);
      inactiveId = (await registeredAccount(sut)).id;
      expect((await admin('PATCH', `/users/${inactiveId}`, { isActive: false })).status).toBe(200);
    });

    it('pages through every user, oldest first, with the total', async () => {
      const first = await listUsers('?limit=2');
      const rest = await listUsers('?offset=2&limit=10');

      expect(first).toMatchObject({ total: 6, offset: 0, limit: 2 });
      expect(first.items.map((user) => user.username)[0]).toBe(ADMIN.username);
      expect(rest).toMatchObject({ total: 6, offset: 2, limit: 10 });
      expect(rest.items).toHaveLength(4);
      const ids = [...first.items, ...rest.items].map((user) => user.id);
      expect(new Set(ids).size).toBe(6);
    });

    it('defaults to offset 0 and limit 20', async () => {
      expect(await listUsers('')).toMatchObject({ total: 6, offset: 0, limit: 20 });
    });

    it('answers an empty page past the end, with the total', async () => {
      expect(await listUsers('?offset=50')).toMatchObject({ items: [], total: 6, offset: 50 });
    });

    it('caps a limit above 100 to 100', async () => {
      expect(await listUsers('?limit=1000')).toMatchObject({ limit: 100, total: 6 });
    });

    it('filters on the active flag', async () => {
      const inactive = await listUsers('?active=false');
      const active = await listUsers('?active=true');

      expect(inactive.items.map((user) => user.id)).toEqual([inactiveId]);
      expect(inactive.total).toBe(1);
      expect(active.total).toBe(5);
      expect(active.items.every((user) => user.isActive)).toBe(true);
    });

    it.each([
      ['a negative offset', '?offset=-1'],
      ['a fractional offset', '?offset=1.5'],
      ['a non-numeric offset', '?offset=abc'],
      ['a zero limit', '?limit=0'],
      ['a negative limit', '?limit=-5'],
      ['a non-numeric limit', '?limit=ten'],
      ['a repeated limit', '?limit=1&limit=2'],
      ['an active flag other than true/false', '?active=yes'],
      ['an unknown parameter', '?sort=name'],
    ])('refuses %s with 400', async (_case, query) => {
      expect((await admin('GET', `/users${query}`)).status).toBe(400);
    });
  });

  describe('GET /users/:id', () => {
    it('returns the public user, never a hash', async () => {
      const account = await registeredAccount(sut);
      const response = await admin('GET', `/users/${account.id}`);

      expect(response.status).toBe(200);
      expect(Object.keys(await bodyOf(response)).sort()).toEqual([
        'attributes',
        'createdAt',
        'email',
        'id',
        'isActive',
        'mfaEnabled',
        'permissions',
        'roles',
        'username',
      ]);
    });

    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      const malformed = await admin('GET', '/users/not-a-uuid');
      const unknown = await admin('GET', `/users/${randomUUID()}`);

      expect(malformed.status).toBe(400);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: 'ERR_USER_NOT_FOUND' });
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes the email, roles and own permissions, and audits the acting admin', async () => {
      const account = await registeredAccount(sut);
      const response = await admin('PATCH', `/users/${account.id}`, {
        email: `changed.${account.email}`,
        roles: ['user', 'admin'],
        permissions: ['reports:read'],
      });

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        email: `changed.${account.email}`,
        roles: ['user', 'admin'],
        permissions: expect.arrayContaining(['reports:read', 'users:write']) as unknown,
      });
      const audit = await bodyOf(await admin('GET', '/audit?type=user.updated&limit=1'));
      expect(audit.items).toEqual([
        expect.objectContaining({ actor: adminId, subject: account.id }),
      ]);
    });

    it.each([
      ['an unknown role', { roles: ['no-such-role'] }, 400, 'ERR_UNKNOWN_ROLE'],
      ['a malformed role name', { roles: ['Bad Role'] }, 400, undefined],
      ['a malformed permission', { permissions: ['users read'] }, 400, undefined],
      ['a wildcard permission', { permissions: ['*'] }, 400, undefined],
      ['an invalid email', { email: 'not-an-email' }, 400, undefined],
      ['a non-boolean isActive', { isActive: 'no' }, 400, undefined],
      ['an unknown field', { username: 'renamed' }, 400, undefined],
      ['a null email', { email: null }, 400, undefined],
      ['null roles', { roles: null }, 400, undefined],
      ['null permissions', { permissions: null }, 400, undefined],
      ['a null isActive', { isActive: null }, 400, undefined],
    ])('refuses %s', async (_case, body, status, code) => {
      const account = await registeredAccount(sut);
      const response = await admin('PATCH', `/users/${account.id}`, body);

      expect(response.status).toBe(status);
      if (code) expect(await response.json()).toMatchObject({ code });
    });

    it('refuses an email taken in any letter case with 409', async () => {
      const holder = await registeredAccount(sut);
      const account = await registeredAccount(sut);

      const response = await admin('PATCH', `/users/${account.id}`, {
        email: holder.email.toUpperCase(),
      });

      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'ERR_EMAIL_TAKEN', field: 'email' });
    });

    it('answers 404 for an unknown user', async () => {
      expect((await admin('PATCH', `/users/${randomUUID()}`, { isActive: false })).status).toBe(
        404,
      );
    });
  });

  describe('deactivation', () => {
    it("stops the user's access and refresh tokens at once, and new logins fail", async () => {
      const { account, session } = await plainUser(sut);
      expect((await me(sut, session.access_token)).status).toBe(200);

      const response = await admin('PATCH', `/users/${account.id}`, { isActive: false });

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ isActive: false });
      const access = await me(sut, session.access_token);
      expect(access.status).toBe(401);
      expect(await access.json()).toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
      expect((await refresh(sut, session.refresh_token)).status).toBe(401);
      const again = await login(sut, { username: account.username, password: account.password });
      expect(again.status).toBe(401);
      expect(await again.json()).toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' });
    });

    it('lets the user log in again once reactivated', async () => {
      const { account } = await plainUser(sut);
      await admin('PATCH', `/users/${account.id}`, { isActive: false });

      expect((await admin('PATCH', `/users/${account.id}`, { isActive: true })).status).toBe(200);

      const again = await login(sut, { username: account.username, password: account.password });
      expect(again.status).toBe(200);
      const { access_token } = (await again.json()) as { access_token: string };
      expect((await me(sut, access_token)).status).toBe(200);
    });
  });

  describe('POST /users/:id/revoke-tokens', () => {
    it('stops every access and refresh token at once; the user can log in again', async () => {
      const { account, session } = await plainUser(sut);
      const other = await login(sut, { username: account.username, password: account.password });
      const second = (await other.json()) as { access_token: string; refresh_token: string };

      const response = await admin('POST', `/users/${account.id}/revoke-tokens`);

      expect(response.status).toBe(204);
      for (const pair of [session, second]) {
        expect((await me(sut, pair.access_token)).status).toBe(401);
        expect((await refresh(sut, pair.refresh_token)).status).toBe(401);
      }
      const again = await login(sut, { username: account.username, password: account.password });
      expect(again.status).toBe(200);
      const { access_token } = (await again.json()) as { access_token: string };
      expect((await me(sut, access_token)).status).toBe(200);
      const audit = await bodyOf(await admin('GET', '/audit?type=user.tokens_revoked&limit=1'));
      expect(audit.items).toEqual([
        expect.objectContaining({ actor: adminId, subject: account.id }),
      ]);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expect((await admin('POST', `/users/${randomUUID()}/revoke-tokens`)).status).toBe(404);
      expect((await admin('POST', '/users/123/revoke-tokens')).status).toBe(400);
    });
  });

  describe('DELETE /users/:id', () => {
    it('stops every token at once, and the user is gone', async () => {
      const { account, session } = await plainUser(sut);

      const response = await admin('DELETE', `/users/${account.id}`);

      expect(response.status).toBe(204);
      expect((await me(sut, session.access_token)).status).toBe(401);
      expect((await refresh(sut, session.refresh_token)).status).toBe(401);
      expect((await admin('GET', `/users/${account.id}`)).status).toBe(404);
      expect(
        (await login(sut, { username: account.username, password: account.password })).status,
      ).toBe(401);
      const audit = await bodyOf(await admin('GET', '/audit?type=user.deleted&limit=1'));
      expect(audit.items).toEqual([
        expect.objectContaining({ actor: adminId, subject: account.id }),
      ]);
    });

    it('answers 404 for an unknown user', async () => {
      expect((await admin('DELETE', `/users/${randomUUID()}`)).status).toBe(404);
    });
  });
});
