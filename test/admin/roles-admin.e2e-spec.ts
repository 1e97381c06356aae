import { RolesAdminController } from '../../src/admin/roles/roles-admin.controller';
import { ADMIN_PERMISSIONS } from '../../src/users/permissions';
import { createTestApp, TestApp } from '../support/test-app';
import { bodyOf, me, refresh } from '../tokens/session.fixtures';
import { ADMIN_ENV, AdminSession, adminSession, claimsOf, plainUser } from './admin.fixtures';

interface Role {
  name: string;
  permissions: string[];
  description: string | null;
}

describe(RolesAdminController.name, () => {
  let sut: TestApp;
  let adminId: string;

  let admin: AdminSession['call'];

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    ({ id: adminId, call: admin } = await adminSession(sut));
  });
  afterAll(() => sut.close());

  const roles = async (): Promise<Role[]> =>
    (await (await admin('GET', '/roles')).json()) as Role[];

  it('lists the built-in roles by name', async () => {
    const response = await admin('GET', '/roles');

    expect(response.status).toBe(200);
    const list = (await response.json()) as Role[];
    expect(list.map((role) => role.name)).toEqual(['admin', 'user']);
    expect(list[0]?.permissions).toEqual(expect.arrayContaining([...ADMIN_PERMISSIONS]));
  });

  it('creates a role, replaces its permissions, and keeps the description when absent', async () => {
    const created = await admin('PUT', '/roles/editor', {
      permissions: ['articles:write', 'articles:read', 'articles:read'],
      description: 'Writes articles',
    });
    const replaced = await admin('PUT', '/roles/editor', { permissions: ['articles:read'] });

    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({
      name: 'editor',
      permissions: ['articles:read', 'articles:write'],
      description: 'Writes articles',
    });
    expect(await replaced.json()).toEqual({
      name: 'editor',
      permissions: ['articles:read'],
      description: 'Writes articles',
    });
    expect((await roles()).map((role) => role.name)).toContain('editor');
    const audit = await bodyOf(await admin('GET', '/audit?type=role.upserted&limit=1'));
    expect(audit.items).toEqual([expect.objectContaining({ actor: adminId, subject: 'editor' })]);
  });

  it.each([
    ['an upper-case name', '/roles/Editor', { permissions: [] }],
    ['a name with a space', '/roles/chief%20editor', { permissions: [] }],
    ['a name too long', `/roles/${'a'.repeat(65)}`, { permissions: [] }],
    ['a malformed permission', '/roles/editor', { permissions: ['articles write'] }],
    ['a non-string permission', '/roles/editor', { permissions: [1] }],
    ['missing permissions', '/roles/editor', { description: 'x' }],
    ['an unknown field', '/roles/editor', { permissions: [], name: 'other' }],
  ])('refuses %s with 400', async (_case, path, body) => {
    expect((await admin('PUT', path, body)).status).toBe(400);
  });

  it.each([
    ['the admin role an administrative permission', '/roles/admin', ['users:read']],
    ['the user role an administrative permission', '/roles/user', ['users:read']],
  ])('refuses to change %s with 409', async (_case, path, permissions) => {
    const before = await roles();

    const response = await admin('PUT', path, { permissions });

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'ERR_BUILT_IN_ROLE' });
    expect(await roles()).toEqual(before);
  });

  it("puts a role change in the user's next token, not in the current one", async () => {
    await admin('PUT', '/roles/reviewer', { permissions: ['articles:review'] });
    const { account, session } = await plainUser(sut);

    const patched = await admin('PATCH', `/users/${account.id}`, { roles: ['user', 'reviewer'] });

    expect(patched.status).toBe(200);
    expect(claimsOf(session.access_token)).toMatchObject({ roles: ['user'], permissions: [] });
    expect((await me(sut, session.access_token)).status).toBe(200);
    const next = (await (await refresh(sut, session.refresh_token)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    expect(claimsOf(next.access_token)).toMatchObject({
      roles: ['user', 'reviewer'],
      permissions: ['articles:review'],
    });

    await admin('PUT', '/roles/reviewer', { permissions: ['articles:review', 'articles:publish'] });

    expect(claimsOf(next.access_token)).toMatchObject({ permissions: ['articles:review'] });
    const after = (await (await refresh(sut, next.refresh_token)).json()) as {
      access_token: string;
    };
    expect(claimsOf(after.access_token).permissions).toEqual(
      expect.arrayContaining(['articles:review', 'articles:publish']),
    );
  });
});
