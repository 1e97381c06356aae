import { ApisAdminController } from '../../src/admin/apis/apis-admin.controller';
import { MAX_API_IDENTIFIER_LENGTH } from '../../src/admin/apis/api-identifier';
import type { TestApp } from '../support/test-app';
import { bodyOf } from '../tokens/session.fixtures';
import { fetchDocument, responseSchema, schemaProblems } from '../foundation/openapi.fixtures';
import type { AdminSession, HttpMethod } from './admin.fixtures';
import {
  ApiBody,
  ApiPage,
  ApisTestApp,
  at,
  AUDIENCE,
  BILLING,
  createApisTestApp,
} from './apis.fixtures';

const SCHEMA_API = { identifier: 'schema-api', name: 'Schema', permissions: ['a:read'] };

/** The `/apis` routes' round trip, addressing, audit trail, paging and refusals of state. */
describe(ApisAdminController.name, () => {
  let sut: TestApp;
  let admin: AdminSession;
  let created: ApisTestApp['created'];

  beforeAll(async () => {
    ({ sut, admin, created } = await createApisTestApp());
  });
  afterAll(() => sut.close());

  async function auditOf(type: string, subject: string): Promise<Record<string, unknown>[]> {
    const page = await bodyOf(await admin.call('GET', `/audit?type=${type}&limit=100`));
    return (page.items as Record<string, unknown>[]).filter((event) => event.subject === subject);
  }

  it('creates, reads, changes and deletes an API addressed by its percent-encoded URI', async () => {
    const create = await admin.call('POST', '/apis', {
      identifier: BILLING,
      name: 'Billing',
      permissions: ['invoices:write', 'invoices:read'],
      access_token_ttl: 3600,
      claims: ['tenant_id'],
    });

    expect(create.status).toBe(201);
    const stored = (await create.json()) as ApiBody;
    expect(stored).toEqual({
      identifier: BILLING,
      name: 'Billing',
      permissions: ['invoices:read', 'invoices:write'],
      access_token_ttl: 3600,
      allowed_token_uses: ['access', 'service', 'delegated'],
      claims: ['tenant_id'],
      built_in: false,
      created_at: expect.any(String) as string,
      updated_at: stored.created_at,
    });
    expect(at(BILLING)).toBe('/apis/https%3A%2F%2Fbilling.example.com');
    const read = await admin.call('GET', at(BILLING));
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(stored);

    const patch = await admin.call('PATCH', at(BILLING), {
      name: 'Billing and invoices',
      access_token_ttl: null,
      allowed_token_uses: ['service'],
    });

    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({
      identifier: BILLING,
      name: 'Billing and invoices',
      permissions: ['invoices:read', 'invoices:write'],
      access_token_ttl: null,
      allowed_token_uses: ['service'],
      claims: ['tenant_id'],
    });
    expect(await (await admin.call('GET', at(BILLING))).json()).toMatchObject({
      name: 'Billing and invoices',
      access_token_ttl: null,
    });

    const removed = await admin.call('DELETE', at(BILLING));

    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    const gone = await admin.call('GET', at(BILLING));
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'ERR_API_NOT_FOUND' });
  });

  it('addresses URI identifiers with reserved characters, up to the longest allowed', async () => {
    const longest = `https://example.com/${'v'.repeat(MAX_API_IDENTIFIER_LENGTH - 20)}`;
    const identifiers = ['https://api.example.com:8443/v1?tenant=a&x=%2F', 'urn:example:ledger/v2'];
    for (const identifier of [...identifiers, longest]) {
      await created({ identifier, name: 'x', permissions: [] });

      const response = await admin.call('GET', at(identifier));

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ identifier });
    }
    expect(longest).toHaveLength(MAX_API_IDENTIFIER_LENGTH);
  });

  it('writes api.created, api.updated (the changed fields) and api.deleted audit rows', async () => {
    const identifier = 'audited-api';
    await created({ identifier, name: 'Audited', permissions: ['a:read'] });
    await admin.call('PATCH', at(identifier), { name: 'Audited', claims: ['department'] });
    await admin.call('DELETE', at(identifier));

    expect(await auditOf('api.created', identifier)).toEqual([
      expect.objectContaining({
        actor: admin.id,
        details: {
          name: 'Audited',
          permissions: ['a:read'],
          access_token_ttl: null,
          allowed_token_uses: ['access', 'service', 'delegated'],
          claims: [],
        },
      }),
    ]);
    expect(await auditOf('api.updated', identifier)).toEqual([
      expect.objectContaining({ actor: admin.id, details: { fields: ['claims'] } }),
    ]);
    expect(await auditOf('api.deleted', identifier)).toEqual([
      expect.objectContaining({ actor: admin.id }),
    ]);
  });

  it('pages the built-in API first, then the others oldest first; total counts the built-in', async () => {
    const all = (await (await admin.call('GET', '/apis?limit=100')).json()) as ApiPage;
    const names = ['page-a', 'page-b', 'page-c'];
    for (const identifier of names)
      await created({ identifier, name: identifier, permissions: [] });

    const first = (await (await admin.call('GET', '/apis?limit=2')).json()) as ApiPage;
    const rest: ApiBody[] = [];
    for (let offset = 2; offset < first.total; offset += 2) {
      const page = (await (
        await admin.call('GET', `/apis?offset=${offset}&limit=2`)
      ).json()) as ApiPage;
      rest.push(...page.items);
    }

    expect(all.items[0]).toEqual({
      identifier: AUDIENCE,
      name: expect.any(String) as string,
      permissions: null,
      access_token_ttl: null,
      allowed_token_uses: ['access', 'service', 'delegated'],
      claims: [],
      built_in: true,
      created_at: null,
      updated_at: null,
    });
    expect(first).toMatchObject({ total: all.total + 3, offset: 0, limit: 2 });
    expect(first.items.map((item) => item.built_in)).toEqual([true, false]);
    const walked = [...first.items, ...rest].map((item) => item.identifier);
    expect(walked).toHaveLength(first.total);
    expect(new Set(walked).size).toBe(first.total);
    expect(walked.slice(-3)).toEqual(names);
  });

  it('refuses a taken identifier, and the built-in one, with 409 ERR_API_EXISTS', async () => {
    await created({ identifier: 'taken-api', name: 'Taken', permissions: [] });

    for (const identifier of ['taken-api', AUDIENCE]) {
      const response = await admin.call('POST', '/apis', {
        identifier,
        name: 'x',
        permissions: [],
      });

      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'ERR_API_EXISTS', field: 'identifier' });
    }
    expect(await (await admin.call('GET', at('taken-api'))).json()).toMatchObject({
      name: 'Taken',
    });
  });

  it('answers an unknown API with 404 ERR_API_NOT_FOUND on every route', async () => {
    const unknown = at('https://nowhere.example.com');
    const calls: [HttpMethod, unknown][] = [
      ['GET', undefined],
      ['PATCH', { name: 'x' }],
      ['PATCH', { permissions: ['a:read'] }],
      ['DELETE', undefined],
    ];
    for (const [method, body] of calls) {
      const response = await admin.call(method, unknown, body);

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'ERR_API_NOT_FOUND' });
    }
  });

  it('shows the built-in API, and refuses to change or delete it with 409', async () => {
    const shown = await admin.call('GET', at(AUDIENCE));
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ identifier: AUDIENCE, built_in: true });

    for (const [method, body] of [
      ['PATCH', { name: 'Mine' }],
      ['PATCH', { permissions: [] }],
      ['DELETE', undefined],
    ] as [HttpMethod, unknown][]) {
      const response = await admin.call(method, at(AUDIENCE), body);

      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'ERR_BUILT_IN_API' });
    }
  });

  it('answers in the schemas its OpenAPI document gives, the nullable members included', async () => {
    const { document } = await fetchDocument(sut);
    await created(SCHEMA_API);
    const samples: [string, number, () => Promise<Response>][] = [
      ['GET /apis', 200, () => admin.call('GET', '/apis?limit=100')],
      ['GET /apis/{identifier}', 200, () => admin.call('GET', at(AUDIENCE))],
      ['PATCH /apis/{identifier}', 200, () => admin.call('PATCH', at('schema-api'), { name: 'S' })],
      ['POST /apis', 409, () => admin.call('POST', '/apis', { ...SCHEMA_API, name: 'Again' })],
      ['GET /apis/{identifier}', 404, () => admin.call('GET', at('no-such-api'))],
      ['DELETE /apis/{identifier}', 409, () => admin.call('DELETE', at(AUDIENCE))],
      [
        'PATCH /apis/{identifier}',
        400,
        () => admin.call('PATCH', at('schema-api'), { claims: ['sub'] }),
      ],
    ];
    for (const [key, status, send] of samples) {
      const response = await send();
      const schema = responseSchema(document, key, status);

      expect([key, response.status]).toEqual([key, status]);
      expect(schema).toBeDefined();
      expect(schemaProblems(document, schema ?? {}, await response.json())).toEqual([]);
    }
  });
});
