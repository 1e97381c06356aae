import { KeysAdminController } from '../../src/keys/keys-admin.controller';
import { AuditAdminController } from '../../src/admin/audit/audit-admin.controller';
import { RolesAdminController } from '../../src/admin/roles/roles-admin.controller';
import { UsersAdminController } from '../../src/admin/users/users-admin.controller';
import { createTestApp, TestApp } from '../support/test-app';
import { registeredAccount } from '../tokens/session.fixtures';
import { ADMIN_ENV, adminLogin, api, HttpMethod, plainUser, tampered } from './admin.fixtures';

interface AdminRoute {
  method: HttpMethod;
  /** The path to call; may create what the call needs (a throwaway user, a key to revoke). */
  path: (sut: TestApp, adminToken: string) => Promise<string>;
  permission: string;
  body?: unknown;
  /** What an administrator gets. */
  status: number;
}

const fixed =
  (path: string): AdminRoute['path'] =>
  () =>
    Promise.resolve(path);
/** A user of its own, so a destructive call never hits the accounts the test logs in with. */
const throwawayUser =
  (suffix = ''): AdminRoute['path'] =>
  async (sut) =>
    `/users/${(await registeredAccount(sut)).id}${suffix}`;
const nextKey: AdminRoute['path'] = async (sut, adminToken) => {
  const keys = (await (await api(sut, 'GET', '/keys', adminToken)).json()) as {
    kid: string;
    status: string;
  }[];
  const next = keys.find((key) => key.status === 'next');
  if (!next) throw new Error('no next key');
  return `/keys/${next.kid}/revoke`;
};

/** Every administration route of docs/architecture.md §5 served by this service (not /clients). */
const ROUTES: [string, AdminRoute][] = [
  ['GET /users', { method: 'GET', path: fixed('/users'), permission: 'users:read', status: 200 }],
  [
    'GET /users/:id',
    { method: 'GET', path: throwawayUser(), permission: 'users:read', status: 200 },
  ],
  [
    'PATCH /users/:id',
    {
      method: 'PATCH',
      path: throwawayUser(),
      permission: 'users:write',
      body: { permissions: ['reports:read'] },
      status: 200,
    },
  ],
  [
    'DELETE /users/:id',
    { method: 'DELETE', path: throwawayUser(), permission: 'users:write', status: 204 },
  ],
  [
    'POST /users/:id/revoke-tokens',
    {
      method: 'POST',
      path: throwawayUser('/revoke-tokens'),
      permission: 'users:write',
      status: 204,
    },
  ],
  [
    'DELETE /users/:id/mfa',
    { method: 'DELETE', path: throwawayUser('/mfa'), permission: 'users:write', status: 204 },
  ],
  ['GET /roles', { method: 'GET', path: fixed('/roles'), permission: 'roles:read', status: 200 }],
  [
    'PUT /roles/:name',
    {
      method: 'PUT',
      path: fixed('/roles/editor'),
      permission: 'roles:write',
      body: { permissions: ['articles:write'] },
      status: 200,
    },
  ],
  ['GET /keys', { method: 'GET', path: fixed('/keys'), permission: 'keys:read', status: 200 }],
  [
    'POST /keys/rotate',
    { method: 'POST', path: fixed('/keys/rotate'), permission: 'keys:rotate', status: 200 },
  ],
  [
    'POST /keys/:kid/revoke',
    { method: 'POST', path: nextKey, permission: 'keys:rotate', status: 200 },
  ],
  ['GET /audit', { method: 'GET', path: fixed('/audit'), permission: 'audit:read', status: 200 }],
];

describe(
  [UsersAdminController, RolesAdminController, KeysAdminController, AuditAdminController]
    .map((controller) => controller.name)
    .join(', '),
  () => {
    let sut: TestApp;
    let adminToken: string;
    let userToken: string;

    beforeAll(async () => {
      sut = await createTestApp(ADMIN_ENV);
      adminToken = (await adminLogin(sut)).access_token;
      userToken = (await plainUser(sut)).session.access_token;
    });
    afterAll(() => sut.close());

    describe.each(ROUTES)('%s', (_name, route) => {
      const call = async (token?: string): Promise<Response> =>
        api(sut, route.method, await route.path(sut, adminToken), token, route.body);

      it(`serves an administrator (${route.status})`, async () => {
        const response = await call(adminToken);

        expect(response.status).toBe(route.status);
      });

      it(`refuses a plain user with 403 naming ${route.permission}`, async () => {
        const response = await call(userToken);

        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
        expect(await response.json()).toMatchObject({
          code: 'ERR_INSUFFICIENT_SCOPE',
          required: { permissions: [route.permission] },
        });
      });

      it('refuses a request without a token with 401', async () => {
        const response = await call();

        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
        expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
      });

      it.each([
        ['a tampered token', () => tampered(adminToken), 'ERR_TOKEN_INVALID'],
        ['a malformed token', () => 'not-a-jwt', 'ERR_TOKEN_MALFORMED'],
      ])('refuses %s with 401', async (_kind, token, code) => {
        const response = await call(token());

        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
        expect(await response.json()).toMatchObject({ code });
      });
    });
  },
);
