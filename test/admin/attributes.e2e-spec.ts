import {
  MAX_ATTRIBUTE_DEPTH,
  MAX_ATTRIBUTES,
  MAX_ATTRIBUTES_BYTES,
} from '../../src/admin/attributes.rules';
import type { TestApp } from '../support/test-app';
import { loginOk, me, registeredAccount } from '../tokens/session.fixtures';
import { api, type AdminSession } from './admin.fixtures';
import { AttributesTestbed, attributesOf, Call, ErrorBody, nested } from './attributes.fixtures';

/**
 * Users' attributes (`PATCH /users/:id`): set, replaced and cleared whole, shown wherever a user
 * is, refused when they break their rules or are the caller's own. Clients' are
 * clients-admin.e2e-spec.ts.
 */
describe('attributes of users', () => {
  let bed: AttributesTestbed;
  let sut: TestApp;
  let admin: AdminSession;
  /** Holds users:read and users:write only. */
  let userWriter: Call;

  beforeAll(async () => {
    bed = await AttributesTestbed.start();
    ({ sut, admin } = bed);
    userWriter = await bed.userHolding('user-writer', ['users:read', 'users:write']);
  });
  afterAll(() => bed.close());

  describe('PATCH /users/:id', () => {
    it('sets, replaces and clears the whole object, shown by GET /users, /users/:id and /auth/me', async () => {
      const account = await registeredAccount(sut);
      const first = { tenant_id: 'acme', regions: ['eu', 'us'], limits: { daily: 10, burst: 2 } };

      const set = await admin.call('PATCH', `/users/${account.id}`, { attributes: first });
      expect(set.status).toBe(200);
      expect(await set.json()).toMatchObject({ id: account.id, attributes: first });
      const fetched = await admin.call('GET', `/users/${account.id}`);
      expect(await fetched.json()).toMatchObject({ attributes: first });
      const page = (await (await admin.call('GET', '/users?limit=100')).json()) as {
        items: { id: string; attributes: unknown }[];
      };
      expect(page.items.find((user) => user.id === account.id)?.attributes).toEqual(first);
      const session = await loginOk(sut, account);
      expect(await (await me(sut, session.access_token)).json()).toMatchObject({
        attributes: first,
      });

      const replaced = await admin.call('PATCH', `/users/${account.id}`, {
        attributes: { tenant_id: 'globex' },
      });
      expect(await attributesOf(replaced)).toEqual({ tenant_id: 'globex' });
      expect(await attributesOf(await me(sut, session.access_token))).toEqual({
        tenant_id: 'globex',
      });

      const cleared = await admin.call('PATCH', `/users/${account.id}`, { attributes: {} });
      expect(await attributesOf(cleared)).toEqual({});
    });

    it('audits the names of the members that changed, never their values', async () => {
      const account = await registeredAccount(sut);
      const patch = (attributes: unknown) =>
        admin.call('PATCH', `/users/${account.id}`, { attributes });

      expect((await patch({ tenant_id: 'acme', plan: { tier: 'gold', seats: 5 } })).status).toBe(
        200,
      );
      // The same values, members in another order: no change, no row.
      expect((await patch({ plan: { seats: 5, tier: 'gold' }, tenant_id: 'acme' })).status).toBe(
        200,
      );
      expect((await patch({ tenant_id: 'acme', region: 'eu' })).status).toBe(200);

      const rows = await bed.auditDetails('user.updated', account.id);
      expect(rows).toEqual([
        { fields: ['attributes'], attributes: ['plan', 'tenant_id'] },
        { fields: ['attributes'], attributes: ['plan', 'region'] },
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/acme|gold|"eu"/);
    });

    it('changes other fields together with the attributes, in one audit row', async () => {
      const account = await registeredAccount(sut);

      const response = await admin.call('PATCH', `/users/${account.id}`, {
        email: `changed.${account.email}`,
        attributes: { tenant_id: 'acme' },
      });

      expect(response.status).toBe(200);
      expect(await bed.auditDetails('user.updated', account.id)).toEqual([
        { fields: ['email', 'attributes'], attributes: ['tenant_id'] },
      ]);
    });

    it.each([
      ['too big', { blob: 'x'.repeat(MAX_ATTRIBUTES_BYTES) }, 'attributes'],
      [
        'too many members',
        Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => [`a${i}`, i])),
        'attributes',
      ],
      ['too deep', { deep: nested(MAX_ATTRIBUTE_DEPTH + 1) }, 'attributes.deep'],
      ['a name that is no claim name', { 'Tenant-Id': 'acme' }, 'attributes'],
      ['a registered claim name', { sub: 'someone-else' }, 'attributes.sub'],
      ['another registered claim name', { permissions: ['users:write'] }, 'attributes.permissions'],
      ['text PostgreSQL cannot store', { tenant_id: 'ac\u0000me' }, 'attributes.tenant_id'],
      ['an array', [{ tenant_id: 'acme' }], 'attributes'],
      ['null', null, 'attributes'],
      ['a string', 'tenant_id=acme', 'attributes'],
    ])(
      'refuses %s with 400 naming the field, and changes nothing',
      async (_case, attributes, field) => {
        const account = await registeredAccount(sut);
        await admin.call('PATCH', `/users/${account.id}`, { attributes: { tenant_id: 'kept' } });

        const response = await admin.call('PATCH', `/users/${account.id}`, {
          attributes,
          roles: ['user'],
        });

        expect(response.status).toBe(400);
        const body = (await response.json()) as ErrorBody;
        expect(body.code).toBe('ERR_VALIDATION');
        expect(body.errors?.map((error) => error.field)).toEqual([field]);
        const stored = await admin.call('GET', `/users/${account.id}`);
        expect(await stored.json()).toMatchObject({ attributes: { tenant_id: 'kept' } });
      },
    );

    it("refuses the caller's own attributes with 403, even an empty object", async () => {
      for (const attributes of [{ tenant_id: 'acme' }, {}]) {
        const response = await admin.call('PATCH', `/users/${admin.id}`, { attributes });

        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({
          code: 'ERR_PRIVILEGE_ESCALATION',
          field: 'attributes',
        });
      }
      const stored = await admin.call('GET', `/users/${admin.id}`);
      expect(await stored.json()).toMatchObject({ attributes: {} });
    });

    it("lets a users:write holder set a plain user's attributes, never an admin's", async () => {
      const plain = await registeredAccount(sut);

      const allowed = await userWriter('PATCH', `/users/${plain.id}`, {
        attributes: { tenant_id: 'acme' },
      });
      const refused = await userWriter('PATCH', `/users/${admin.id}`, {
        attributes: { tenant_id: 'acme' },
      });

      expect(allowed.status).toBe(200);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'ERR_PRIVILEGE_ESCALATION' });
      expect(await bed.auditDetails('user.updated', admin.id)).toEqual([]);
    });

    it('needs users:write', async () => {
      const plain = await registeredAccount(sut);
      const { access_token: token } = await loginOk(sut, await registeredAccount(sut));

      const response = await api(sut, 'PATCH', `/users/${plain.id}`, token, {
        attributes: { tenant_id: 'acme' },
      });

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'ERR_INSUFFICIENT_SCOPE' });
    });
  });
});
