import { AuditAdminController } from '../../src/audit/audit-admin.controller';
import { createTestApp, TestApp } from '../support/test-app';
import { registeredAccount } from '../tokens/session.fixtures';
import { ADMIN_ENV, adminLogin, api } from './admin.fixtures';

jest.setTimeout(60000);

interface AuditPage {
  items: { id: string; at: string; type: string; actor: string | null }[];
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
});
