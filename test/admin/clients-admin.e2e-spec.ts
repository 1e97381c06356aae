import type { OAuthClient } from '../oauth/oauth.fixtures';
import { serviceToken } from '../security/support/escalation.fixtures';
import type { TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { api, type AdminSession } from './admin.fixtures';
import {
  AttributesTestbed,
  BUILT_IN_AUDIENCE,
  Call,
  ErrorBody,
  REPORTS_API,
} from './attributes.fixtures';

/**
 * Clients' allowed audiences and attributes (`POST /clients`), and their changes
 * (`PATCH /clients/:id`) held against the caller's authority.
 */
describe('allowed audiences and attributes of clients', () => {
  let bed: AttributesTestbed;
  let sut: TestApp;
  let admin: AdminSession;
  /** Holds clients:read and clients:write only. */
  let clientWriter: Call;

  beforeAll(async () => {
    bed = await AttributesTestbed.start();
    ({ sut, admin } = bed);
    clientWriter = await bed.userHolding('client-writer', ['clients:read', 'clients:write']);
  });
  afterAll(() => bed.close());

  /** `PATCH /clients/:id`, as the administrator unless `call` says. */
  const patch = (clientId: string, body: unknown, call?: Call) =>
    (call ?? admin.call)('PATCH', `/clients/${clientId}`, body);

  describe('POST /clients', () => {
    it('registers allowed audiences (the built-in one may be listed) and attributes', async () => {
      const created = await bed.createClient({
        allowed_audiences: [REPORTS_API, BUILT_IN_AUDIENCE],
        attributes: { tenant_id: 'acme' },
      });

      expect(created).toMatchObject({
        allowed_audiences: [REPORTS_API, BUILT_IN_AUDIENCE],
        attributes: { tenant_id: 'acme' },
      });
      expect(await bed.listedClient(created.client_id)).toMatchObject({
        allowed_audiences: [REPORTS_API, BUILT_IN_AUDIENCE],
        attributes: { tenant_id: 'acme' },
      });
      expect(await bed.auditDetails('client.created', `client:${created.client_id}`)).toEqual([
        {
          name: 'c',
          permissions: [],
          grantTypes: expect.any(Array) as unknown,
          tokenEndpointAuthMethod: 'client_secret_basic',
          allowedAudiences: [REPORTS_API, BUILT_IN_AUDIENCE],
          attributes: ['tenant_id'],
        },
      ]);
    });

    it('shows empty audiences and attributes when none are given', async () => {
      expect(await bed.createClient({})).toMatchObject({ allowed_audiences: [], attributes: {} });
    });

    it('refuses an audience that is no registered API with 400, and creates nothing', async () => {
      const clients = async () => (await bed.db.query('SELECT client_id FROM clients')).rowCount;
      const before = await clients();

      const response = await admin.call('POST', '/clients', {
        name: 'c',
        permissions: [],
        allowed_audiences: [REPORTS_API, 'https://nowhere.example'],
      });

      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body).toMatchObject({ code: 'ERR_VALIDATION' });
      expect(body.errors).toEqual([
        {
          field: 'allowed_audiences',
          message: expect.stringContaining('"https://nowhere.example"') as unknown,
        },
      ]);
      expect(await clients()).toBe(before);
    });

    it('refuses attributes breaking their rules with 400', async () => {
      const response = await admin.call('POST', '/clients', {
        name: 'c',
        permissions: [],
        attributes: { client_id: 'forged' },
      });

      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).errors).toEqual([
        { field: 'attributes.client_id', message: 'client_id is a registered claim name' },
      ]);
    });
  });

  describe('PATCH /clients/:id', () => {
    it('changes every field, answers and lists the client as changed, and audits the fields', async () => {
      const client = await bed.createClient({ name: 'before', attributes: { tenant_id: 'acme' } });

      const response = await patch(client.client_id, {
        name: 'after',
        permissions: ['reports:read'],
        grant_types: ['client_credentials'],
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'globex', region: 'eu' },
      });

      expect(response.status).toBe(200);
      const changed = {
        client_id: client.client_id,
        name: 'after',
        permissions: ['reports:read'],
        grant_types: ['client_credentials'],
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'globex', region: 'eu' },
        is_active: true,
      };
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject(changed);
      expect(body).not.toHaveProperty('client_secret');
      expect(await bed.listedClient(client.client_id)).toMatchObject(changed);
      const rows = await bed.auditDetails('client.updated', `client:${client.client_id}`);
      expect(rows).toEqual([
        {
          fields: ['name', 'permissions', 'grantTypes', 'allowedAudiences', 'attributes'],
          attributes: ['region', 'tenant_id'],
        },
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/globex|"eu"/);
    });

    it('changes only the fields present, and records nothing for a change to the same values', async () => {
      const client = await bed.createClient({
        permissions: ['reports:read'],
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'acme' },
      });

      const renamed = await patch(client.client_id, {
        name: 'renamed',
      });
      const same = await patch(client.client_id, {
        permissions: ['reports:read'],
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'acme' },
      });
      const empty = await patch(client.client_id, {});

      expect([renamed.status, same.status, empty.status]).toEqual([200, 200, 200]);
      expect(await bed.listedClient(client.client_id)).toMatchObject({
        name: 'renamed',
        permissions: ['reports:read'],
        grant_types: client.grant_types,
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'acme' },
      });
      expect(await bed.auditDetails('client.updated', `client:${client.client_id}`)).toEqual([
        { fields: ['name'] },
      ]);
    });

    it('clears the attributes and audiences with empty values', async () => {
      const client = await bed.createClient({
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'acme' },
      });

      const response = await patch(client.client_id, {
        allowed_audiences: [],
        attributes: {},
      });

      expect(await response.json()).toMatchObject({ allowed_audiences: [], attributes: {} });
    });

    it.each([
      [
        'an audience that is no registered API',
        { allowed_audiences: ['https://nowhere.example'] },
        'allowed_audiences',
      ],
      [
        'a registered claim name',
        { attributes: { aud: 'https://evil.example' } },
        'attributes.aud',
      ],
      ['attributes that are not an object', { attributes: ['tenant_id'] }, 'attributes'],
      ['a null name', { name: null }, 'name'],
      ['a name PostgreSQL cannot store', { name: 'a\u0000b' }, 'name'],
      [
        'an audience with a control character',
        { allowed_audiences: ['a\u0000'] },
        'allowed_audiences',
      ],
      ['an unknown grant type', { grant_types: ['implicit'] }, 'grant_types'],
    ])('refuses %s with 400, and changes nothing', async (_case, body, field) => {
      const client = await bed.createClient({ allowed_audiences: [REPORTS_API] });

      const response = await patch(client.client_id, body);

      expect(response.status).toBe(400);
      const error = (await response.json()) as ErrorBody;
      expect(error.code).toBe('ERR_VALIDATION');
      expect(error.errors?.[0]?.field).toBe(field);
      expect(await bed.listedClient(client.client_id)).toMatchObject({
        name: 'c',
        allowed_audiences: [REPORTS_API],
        attributes: {},
      });
    });

    it('answers 404 for an unknown client', async () => {
      const response = await admin.call('PATCH', '/clients/no-such-client', { name: 'x' });

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'ERR_NOT_FOUND' });
    });

    it.each([
      ['a permission the caller lacks', [], { permissions: ['reports:read'] }, ['reports:read']],
      ['any change to a client holding more', ['users:write'], { name: 'x' }, ['users:write']],
    ])('refuses a clients:write holder %s', async (_case, permissions, body, missing) => {
      const client = await bed.createClient({ permissions });

      const response = await patch(client.client_id, body, clientWriter);

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'ERR_PRIVILEGE_ESCALATION', missing });
      expect(await bed.listedClient(client.client_id)).toMatchObject({ name: 'c', permissions });
    });

    it('lets a clients:write holder change a client within its own authority', async () => {
      const client = await bed.createClient({ permissions: ['clients:read'] });
      const body = {
        permissions: ['clients:read', 'clients:write'],
        allowed_audiences: [REPORTS_API],
        attributes: { tenant_id: 'acme' },
      };

      expect((await patch(client.client_id, body, clientWriter)).status).toBe(200);
    });

    it('refuses a client setting its own attributes', async () => {
      const created = await bed.createClient({
        permissions: ['clients:read', 'clients:write'],
        grant_types: ['client_credentials'],
      });
      const token = await serviceToken(sut, created as unknown as OAuthClient);

      const response = await api(sut, 'PATCH', `/clients/${created.client_id}`, token, {
        attributes: { tenant_id: 'acme' },
      });

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        code: 'ERR_PRIVILEGE_ESCALATION',
        field: 'attributes',
      });
    });

    it('needs clients:write', async () => {
      const client = await bed.createClient({});
      const { access_token: token } = await loginOk(sut, await registeredAccount(sut));

      const response = await api(sut, 'PATCH', `/clients/${client.client_id}`, token, {
        name: 'x',
      });

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'ERR_INSUFFICIENT_SCOPE' });
    });

    it('is documented with its body examples and its 200, 400, 401, 403 and 404', async () => {
      type Operation = { responses: Record<string, unknown>; requestBody?: unknown };
      const document = (await (await sut.request('/docs-json')).json()) as {
        paths: Record<string, Record<string, Operation>>;
      };
      const operation = document.paths['/clients/{id}']?.patch;

      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '404']),
      );
      expect(JSON.stringify(operation?.requestBody)).toContain('allowed_audiences');
    });
  });
});
