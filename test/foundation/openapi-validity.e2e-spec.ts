import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { nestRoutes } from '../admin/service-routes';
import { createTestApp, TestApp } from '../support/test-app';
import {
  fetchDocument,
  OpenApiDocument,
  operationsOf,
  resolve,
  responseSchema,
} from './openapi.fixtures';

const ISSUER = 'https://warden.example.test';

/**
 * Operations that cannot answer 503, with the reason: they are served from memory and never
 * wait on the database. `GET /health/ready` documents its own 503 (the health check's body).
 */
const NO_503: Record<string, string> = {
  'GET /.well-known/jwks.json': 'the key set is held in memory (docs/architecture.md §4)',
  'GET /.well-known/oauth-authorization-server': 'fixed at start-up from JWT_ISSUER',
  'GET /.well-known/openid-configuration': 'fixed at start-up from JWT_ISSUER',
  'GET /health/live': 'answers while the process serves HTTP, by definition',
  'GET /metrics': 'the registry is in memory',
};

/** Warnings of the recommended rules that the document must not have either. */
const MISLEADING = new Set(['no-invalid-media-type-examples', 'no-invalid-schema-examples']);

function describeProblem(problem: NormalizedProblem): string {
  const where = problem.location.map((location) => location.pointer).join(', ');
  return `${problem.severity} ${problem.ruleId}: ${problem.message} (${where})`;
}

/** The OpenAPI document validates and says what the service does (issue 13, "OpenAPI"). */
describe('the OpenAPI document', () => {
  let sut: TestApp;
  let text: string;
  let document: OpenApiDocument;

  beforeAll(async () => {
    sut = await createTestApp({ JWT_ISSUER: `${ISSUER}/` });
    ({ text, document } = await fetchDocument(sut));
  });
  afterAll(() => sut.close());

  it("passes Redocly's recommended rules: no error, no example off its schema", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: '/docs-json', config });
    // An example that contradicts its schema misleads a reader as much as an error would.
    const misleading = problems.filter((problem) => MISLEADING.has(problem.ruleId));
    const warnings = problems.filter(
      (problem) => problem.severity !== 'error' && !MISLEADING.has(problem.ruleId),
    );
    if (warnings.length > 0) {
      console.info(`OpenAPI lint warnings:\n${warnings.map(describeProblem).join('\n')}`);
    }

    expect(problems.filter((problem) => problem.severity === 'error').map(describeProblem)).toEqual(
      [],
    );
    expect(misleading.map(describeProblem)).toEqual([]);
  });

  it('names the public base URL (JWT_ISSUER) as its server', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: ISSUER })]);
  });

  it('states the security of every operation: bearer exactly where the guard wants a token', () => {
    const protectedRoutes = nestRoutes(sut.app)
      .filter((route) => !route.isPublic)
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    const operations = operationsOf(document);
    const bearer = operations
      .filter(({ operation }) => operation.security?.some((requirement) => 'bearer' in requirement))
      .map(({ key }) => key);

    expect(operations.filter(({ operation }) => operation.security === undefined)).toEqual([]);
    expect(bearer.sort()).toEqual(protectedRoutes.sort());
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      client_secret_basic: { type: 'http', scheme: 'basic' },
    });
  });

  it('authenticates the OAuth clients with client_secret_basic, or in the body', () => {
    for (const path of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
      const operation = document.paths[path]?.post;
      const body = resolve(
        document,
        operation?.requestBody?.content['application/json']?.schema ?? {},
      );

      expect(operation?.security).toEqual(
        expect.arrayContaining([{ client_secret_basic: [] }, {}]),
      );
      expect(Object.keys(body.properties ?? {})).toEqual(
        expect.arrayContaining(['client_id', 'client_secret']),
      );
    }
  });

  it('documents a JSON body schema for every 401 and 403 of a protected operation', () => {
    const bearerOperations = operationsOf(document).filter(({ operation }) =>
      operation.security?.some((requirement) => 'bearer' in requirement),
    );
    const undocumented = bearerOperations.flatMap(({ key }) =>
      [401, 403]
        .filter((status) => !responseSchema(document, key, status))
        .map((s) => `${key} ${s}`),
    );

    expect(bearerOperations.length).toBeGreaterThan(15);
    expect(undocumented).toEqual([]);
  });

  it('documents a JSON body schema for the 503 of every operation that can answer one', () => {
    const undocumented = operationsOf(document)
      .filter(({ key }) => NO_503[key] === undefined)
      .filter(({ key }) => !responseSchema(document, key, 503))
      .map(({ key }) => key);

    expect(undocumented).toEqual([]);
  });

  it('documents a JSON body schema for every error response it lists', () => {
    const bare = operationsOf(document).flatMap(({ key, operation }) =>
      Object.keys(operation.responses)
        .filter((status) => Number(status) >= 400 && !responseSchema(document, key, Number(status)))
        .map((status) => `${key} ${status}`),
    );

    expect(bare).toEqual([]);
  });

  it('marks a request body required exactly when its schema requires a member', () => {
    const wrong = operationsOf(document).flatMap(({ key, operation }) => {
      const body = operation.requestBody;
      if (body === undefined) return [];
      const schema = resolve(document, Object.values(body.content)[0]?.schema ?? {});
      const needsMember = (schema.required ?? []).length > 0;
      return (body.required ?? false) === needsMember ? [] : [`${key} required: ${body.required}`];
    });

    expect(wrong).toEqual([]);
  });
});
