import { createTestApp, TestApp } from '../support/test-app';

interface Operation {
  security?: Record<string, unknown>[];
  responses: Record<
    string,
    { content?: { 'application/json'?: { schema?: unknown; example?: unknown } } }
  >;
}

/** The administration routes this service documents, with their permission and success. */
const ADMIN_OPERATIONS: [method: string, path: string, permission: string, success: string][] = [
  ['get', '/users', 'users:read', '200'],
  ['get', '/users/{id}', 'users:read', '200'],
  ['patch', '/users/{id}', 'users:write', '200'],
  ['delete', '/users/{id}', 'users:write', '204'],
  ['post', '/users/{id}/revoke-tokens', 'users:write', '204'],
  ['delete', '/users/{id}/mfa', 'users:write', '204'],
  ['get', '/roles', 'roles:read', '200'],
  ['put', '/roles/{name}', 'roles:write', '200'],
  ['get', '/audit', 'audit:read', '200'],
];

describe('Administration in OpenAPI', () => {
  let sut: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    sut = await createTestApp();
    const document = (await (await sut.request('/docs-json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    paths = document.paths;
  });
  afterAll(() => sut.close());

  it.each(ADMIN_OPERATIONS)(
    '%s %s: bearer security, its response schema, and typed 401/403 naming %s',
    (method, path, permission, success) => {
      const operation = paths[path]?.[method];

      expect(operation?.security).toEqual([{ bearer: [] }]);
      const responses = operation?.responses ?? {};
      if (success === '200')
        expect(responses['200']?.content?.['application/json']?.schema).toBeDefined();
      else expect(responses[success]).toBeDefined();
      for (const status of ['401', '403']) {
        expect(responses[status]?.content?.['application/json']?.schema).toEqual({
          $ref: '#/components/schemas/ErrorResponseDto',
        });
      }
      expect(responses['403']?.content?.['application/json']?.example).toMatchObject({
        required: { permissions: [permission] },
      });
    },
  );
});
