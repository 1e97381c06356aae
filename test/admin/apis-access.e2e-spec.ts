import { ApisAdminController } from '../../src/admin/apis/apis-admin.controller';
import type { TestApp } from '../support/test-app';
import { api, AdminSession, HttpMethod } from './admin.fixtures';
import { ApisTestApp, at, AUDIENCE, createApisTestApp } from './apis.fixtures';

/** Who may call the `/apis` routes: permissions, and no escalation (docs/architecture.md §5). */
describe(`${ApisAdminController.name} access`, () => {
  let sut: TestApp;
  let admin: AdminSession;
  let created: ApisTestApp['created'];
  let tokenWith: ApisTestApp['tokenWith'];

  beforeAll(async () => {
    ({ sut, admin, created, tokenWith } = await createApisTestApp());
  });
  afterAll(() => sut.close());

  const ROUTES: [HttpMethod, string, unknown, string][] = [
    ['POST', '/apis', { identifier: 'guarded-api', name: 'x', permissions: [] }, 'apis:write'],
    ['GET', '/apis', undefined, 'apis:read'],
    ['GET', at(AUDIENCE), undefined, 'apis:read'],
    ['PATCH', at('guarded-api'), { name: 'y' }, 'apis:write'],
    ['DELETE', at('guarded-api'), undefined, 'apis:write'],
  ];

  it.each(ROUTES)('refuses %s %s without a token with 401', async (method, path, body) => {
    const response = await api(sut, method, path, undefined, body);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
  });

  it('refuses a token holding only apis:read every write with 403, and serves it reads', async () => {
    const reader = await tokenWith(['apis:read']);
    await created({ identifier: 'guarded-api', name: 'Guarded', permissions: [] });

    for (const [method, path, body, permission] of ROUTES) {
      const response = await api(sut, method, path, reader, body);

      if (permission === 'apis:read') {
        expect(response.status).toBe(200);
        continue;
      }
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
      expect(await response.json()).toMatchObject({
        code: 'ERR_INSUFFICIENT_SCOPE',
        required: { permissions: ['apis:write'] },
      });
    }
    expect(await (await admin.call('GET', at('guarded-api'))).json()).toMatchObject({
      name: 'Guarded',
    });
  });

  describe('no escalation (docs/architecture.md §5)', () => {
    let writer: string;

    beforeAll(async () => {
      writer = await tokenWith(['apis:write', 'apis:read', 'invoices:read']);
      await created({
        identifier: 'ledger',
        name: 'Ledger',
        permissions: ['ledger:close', 'invoices:read'],
      });
    });

    const as = (method: HttpMethod, path: string, body?: unknown) =>
      api(sut, method, path, writer, body);
    const refusal = async (response: Response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    });

    it('refuses an API defining a permission the caller lacks, naming it', async () => {
      const response = await as('POST', '/apis', {
        identifier: 'escalating-api',
        name: 'x',
        permissions: ['invoices:read', 'invoices:refund'],
      });

      expect(await refusal(response)).toEqual({
        status: 403,
        body: expect.objectContaining({
          code: 'ERR_PRIVILEGE_ESCALATION',
          missing: ['invoices:refund'],
        }) as unknown,
      });
      expect((await admin.call('GET', at('escalating-api'))).status).toBe(404);
    });

    it('lets it define what it holds, and change the rest of any API', async () => {
      const own = await as('POST', '/apis', {
        identifier: 'own-api',
        name: 'Own',
        permissions: ['invoices:read'],
      });
      const renamed = await as('PATCH', at('ledger'), {
        name: 'General ledger',
        claims: ['tenant_id'],
      });
      const sameSet = await as('PATCH', at('ledger'), {
        permissions: ['invoices:read', 'ledger:close'],
      });

      expect([own.status, renamed.status, sameSet.status]).toEqual([201, 200, 200]);
    });

    it.each([
      [
        'adding a permission it lacks',
        'own-api',
        'PATCH',
        { permissions: ['invoices:read', 'invoices:refund'] },
        ['invoices:refund'],
      ],
      [
        'removing a permission it lacks',
        'ledger',
        'PATCH',
        { permissions: ['invoices:read'] },
        ['ledger:close'],
      ],
      ['deleting an API defining one it lacks', 'ledger', 'DELETE', undefined, ['ledger:close']],
    ] as const)('refuses %s with 403', async (_case, identifier, method, body, missing) => {
      const before = await (await admin.call('GET', at(identifier))).json();

      const response = await as(method, at(identifier), body);

      expect(await refusal(response)).toEqual({
        status: 403,
        body: expect.objectContaining({ code: 'ERR_PRIVILEGE_ESCALATION', missing }) as unknown,
      });
      expect(await (await admin.call('GET', at(identifier))).json()).toEqual(before);
    });

    it('lets it delete an API defining only what it holds', async () => {
      expect((await as('DELETE', at('own-api'))).status).toBe(204);
    });
  });

  it('documents every route with its permission, body schemas and errors in OpenAPI', async () => {
    const document = (await (await sut.request('/docs-json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown;
            responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
          }
        >
      >;
    };
    const operations: [string, string, string, string[]][] = [
      ['/apis', 'post', 'apis:write', ['201', '400', '401', '403', '409', '503']],
      ['/apis', 'get', 'apis:read', ['200', '400', '401', '403', '503']],
      ['/apis/{identifier}', 'get', 'apis:read', ['200', '400', '401', '403', '404', '503']],
      [
        '/apis/{identifier}',
        'patch',
        'apis:write',
        ['200', '400', '401', '403', '404', '409', '503'],
      ],
      [
        '/apis/{identifier}',
        'delete',
        'apis:write',
        ['204', '400', '401', '403', '404', '409', '503'],
      ],
    ];
    for (const [path, method, permission, statuses] of operations) {
      const operation = document.paths[path]?.[method];

      expect(operation?.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(statuses);
      expect(operation?.responses['403']?.content?.['application/json']?.example).toMatchObject({
        required: { permissions: [permission] },
      });
    }
  });
});
