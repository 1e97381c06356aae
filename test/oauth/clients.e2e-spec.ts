import { registeredAccount, loginOk } from '../tokens/session.fixtures';
import {
  createClient,
  createOAuthTestApp,
  introspect,
  OAuthTestApp,
  postJson,
  tokenOk,
} from './oauth.fixtures';

describe('/clients', () => {
  let sut: OAuthTestApp;

  beforeAll(async () => {
    sut = await createOAuthTestApp();
  });
  afterAll(() => sut.close());

  const asAdmin = () => ({ authorization: `Bearer ${sut.adminToken}` });

  it('registers a client and shows its secret once', async () => {
    const response = await postJson(
      sut,
      '/clients',
      { name: 'reports', permissions: ['reports:read', 'reports:write'] },
      asAdmin(),
    );

    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      name: 'reports',
      permissions: ['reports:read', 'reports:write'],
      grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      is_active: true,
    });

    const list = await sut.request('/clients?limit=500', { headers: asAdmin() });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: Record<string, unknown>[]; limit: number };
    expect(page.limit).toBe(100);
    const listed = page.items.find((item) => item.client_id === created.client_id);
    expect(listed).toMatchObject({ name: 'reports' });
    expect(JSON.stringify(page)).not.toContain(created.client_secret as string);
    expect(Object.keys(listed ?? {})).not.toContain('client_secret');
  });

  it('pages the list', async () => {
    await createClient(sut, { name: 'a' });
    await createClient(sut, { name: 'b' });

    const response = await sut.request('/clients?offset=1&limit=1', { headers: asAdmin() });
    const page = (await response.json()) as { items: unknown[]; total: number; offset: number };

    expect(page.items).toHaveLength(1);
    expect(page.offset).toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a permission with a space', { name: 'x', permissions: ['two words'] }],
    ['no name', { permissions: [] }],
    ['an unknown grant type', { name: 'x', permissions: [], grant_types: ['implicit'] }],
  ])('refuses %s', async (_case, body) => {
    const response = await postJson(sut, '/clients', body, asAdmin());

    expect(response.status).toBe(400);
  });

  it('needs clients:write and clients:read', async () => {
    const user = await loginOk(sut, await registeredAccount(sut));
    const auth = { authorization: `Bearer ${user.access_token}` };

    expect((await postJson(sut, '/clients', { name: 'x', permissions: [] }, auth)).status).toBe(
      403,
    );
    expect((await sut.request('/clients', { headers: auth })).status).toBe(403);
    expect((await sut.request('/clients')).status).toBe(401);
  });

  it('deletes a client: it can no longer authenticate and its sessions are revoked', async () => {
    const who = await registeredAccount(sut);
    const client = await createClient(sut, { grant_types: ['password', 'refresh_token'] });
    const observer = await createClient(sut);
    const session = await tokenOk(sut, client, {
      grant_type: 'password',
      username: who.username,
      password: who.password,
    });

    const deleted = await sut.request(`/clients/${client.client_id}`, {
      method: 'DELETE',
      headers: asAdmin(),
    });

    expect(deleted.status).toBe(204);
    expect(await introspect(sut, observer, session.refresh_token as string)).toEqual({
      active: false,
    });
    expect(await introspect(sut, observer, session.access_token)).toEqual({ active: false });
    const again = await sut.request(`/clients/${client.client_id}`, {
      method: 'DELETE',
      headers: asAdmin(),
    });
    expect(again.status).toBe(404);
  });

  it('records client.created and client.deleted', async () => {
    const client = await createClient(sut, { name: 'audited' });
    await sut.request(`/clients/${client.client_id}`, { method: 'DELETE', headers: asAdmin() });

    const rows = await auditTypes(sut, `client:${client.client_id}`);

    expect(rows).toEqual(expect.arrayContaining(['client.created', 'client.deleted']));
  });
});

async function auditTypes(sut: OAuthTestApp, subject: string): Promise<string[]> {
  const { Client } = await import('pg');
  const db = new Client({ connectionString: sut.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ type: string }>(
      'SELECT type FROM audit_events WHERE subject = $1 ORDER BY id',
      [subject],
    );
    return rows.map((row) => row.type);
  } finally {
    await db.end();
  }
}
