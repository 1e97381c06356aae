import { AuditAdminController } from '../../src/admin/audit/audit-admin.controller';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { ADMIN, ADMIN_ENV, adminLogin, api } from './admin.fixtures';

interface AuditPage {
  items: {
    id: string;
    at: string;
    type: string;
    actor: string | null;
    subject: string | null;
    details: Record<string, unknown>;
  }[];
  total: number;
  offset: number;
  limit: number;
}

describe(AuditAdminController.name, () => {
  let sut: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    adminToken = (await adminLogin(sut)).access_token;
    for (let i = 0; i < 3; i += 1) await registeredAccount(sut);
  });
  afterAll(() => sut.close());

  const audit = async (query: string): Promise<AuditPage> => {
    const response = await api(sut, 'GET', `/audit${query}`, adminToken);
    expect(response.status).toBe(200);
    return (await response.json()) as AuditPage;
  };

  it('pages through the events, newest first, with the total', async () => {
    const all = await audit('?limit=100');
    const first = await audit('?limit=2');
    const second = await audit('?offset=2&limit=2');

    expect(all.total).toBe(all.items.length);
    expect(first).toMatchObject({ total: all.total, offset: 0, limit: 2 });
    expect([...first.items, ...second.items]).toEqual(all.items.slice(0, 4));
    const times = all.items.map((event) => event.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters on the type', async () => {
    const registered = await audit('?type=user.registered');

    expect(registered.total).toBe(3);
    expect(registered.items.every((event) => event.type === 'user.registered')).toBe(true);
    expect(await audit('?type=no.such.type')).toMatchObject({ items: [], total: 0 });
  });

  it('defaults to limit 20 and caps a limit above 100', async () => {
    expect((await audit('')).limit).toBe(20);
    expect((await audit('?limit=101')).limit).toBe(100);
  });

  it.each([
    ['a negative offset', '?offset=-1'],
    ['a zero limit', '?limit=0'],
    ['a non-numeric limit', '?limit=all'],
    ['a malformed type', '?type=DROP%20TABLE'],
    ['an unknown parameter', '?actor=root'],
  ])('refuses %s with 400', async (_case, query) => {
    expect((await api(sut, 'GET', `/audit${query}`, adminToken)).status).toBe(400);
  });

  describe('user.updated', () => {
    const updatesOf = async (subject: string) =>
      (await audit('?type=user.updated&limit=100')).items.filter((e) => e.subject === subject);
    const patch = (id: string, body: Record<string, unknown>) =>
      api(sut, 'PATCH', `/users/${id}`, adminToken, body);

    it('lists only the fields whose value changed, never the values', async () => {
      const account = await registeredAccount(sut);

      const response = await patch(account.id, {
        email: `new.${account.email}`,
        roles: ['user'],
        permissions: [],
        isActive: true,
      });

      expect(response.status).toBe(200);
      expect((await updatesOf(account.id)).map((event) => event.details)).toEqual([
        { fields: ['email'] },
      ]);
    });

    it('records nothing when nothing changes (roles in another order are the same roles)', async () => {
      const account = await registeredAccount(sut);
      expect((await patch(account.id, { roles: ['user', 'admin'] })).status).toBe(200);

      const unchanged = await patch(account.id, {
        email: account.email,
        roles: ['admin', 'user', 'admin'],
        isActive: true,
      });

      expect(unchanged.status).toBe(200);
      expect(await unchanged.json()).toMatchObject({ roles: ['user', 'admin'] });
      expect((await updatesOf(account.id)).map((event) => event.details)).toEqual([
        { fields: ['roles'] },
      ]);
    });

    it('records a deactivation as isActive, and the later reactivation too', async () => {
      const account = await registeredAccount(sut);

      await patch(account.id, { isActive: false });
      await patch(account.id, { isActive: false });
      await patch(account.id, { isActive: true, permissions: ['reports:read'] });

      expect((await updatesOf(account.id)).map((event) => event.details)).toEqual([
        { fields: ['permissions', 'isActive'] },
        { fields: ['isActive'] },
      ]);
    });

    it('never holds a password, a hash or a token in any audit row', async () => {
      const account = await registeredAccount(sut);
      const session = await loginOk(sut, account);
      await patch(account.id, { email: `other.${account.email}` });

      const rows = JSON.stringify((await audit('?limit=100')).items);

      for (const secret of [account.password, ADMIN.password, session.access_token]) {
        expect(rows).not.toContain(secret);
      }
      expect(rows).not.toMatch(/\$2[aby]\$/);
    });
  });
});
