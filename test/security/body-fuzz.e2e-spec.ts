import fc from 'fast-check';
import { ADMIN_ENV, adminLogin } from '../admin/admin.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { registeredAccount } from '../tokens/session.fixtures';
import { fixedHostileBodies, HostileBody, hostileBody } from './support/hostile-bodies';

interface OpenApiOperation {
  security?: Array<Record<string, unknown>>;
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

interface JsonRoute {
  method: string;
  path: string;
  bearer: boolean;
  fields: string[];
}

/** Every operation of the OpenAPI document that takes a JSON body: new routes join on their own. */
function jsonRoutes(document: OpenApiDocument, pathParam: (name: string) => string): JsonRoute[] {
  const routes: JsonRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema === undefined) continue;
      const name = schema.$ref?.split('/').at(-1) ?? '';
      routes.push({
        method: method.toUpperCase(),
        path: template.replace(/\{(\w+)\}/g, (_, param: string) => pathParam(param)),
        bearer: (operation.security ?? []).some((requirement) => 'bearer' in requirement),
        fields: Object.keys(document.components.schemas[name]?.properties ?? {}),
      });
    }
  }
  return routes;
}

/** Hostile request bodies on every JSON route: always an answer, never a 5xx. */
describe('attack suite: fuzzed request bodies on every JSON route', () => {
  let sut: TestApp;
  let routes: JsonRoute[];
  let token: string;

  beforeAll(async () => {
    sut = await createTestApp({ ...ADMIN_ENV });
    token = (await adminLogin(sut)).access_token;
    // Routes about one user act on a throwaway account, never on the administrator.
    const victim = await registeredAccount(sut);
    const document = (await (await sut.request('/docs-json')).json()) as OpenApiDocument;
    routes = jsonRoutes(document, (param) => (param === 'id' ? victim.id : `fuzz-${param}`));
  });
  afterAll(() => sut.close());

  async function send(route: JsonRoute, hostile: HostileBody): Promise<Response> {
    const headers: Record<string, string> = {};
    if (hostile.contentType !== undefined) headers['content-type'] = hostile.contentType;
    if (route.bearer) headers.authorization = `Bearer ${token}`;
    const response = await sut.request(route.path, {
      method: route.method,
      headers,
      body: hostile.body,
    });
    // A fuzzed logout or password change may end the administrator's session: start another.
    if (route.bearer && response.status === 401) token = (await adminLogin(sut)).access_token;
    return response;
  }

  async function expectNo5xx(route: JsonRoute, hostile: HostileBody): Promise<void> {
    const response = await send(route, hostile);
    const text = await response.text();
    if (response.status >= 500) {
      throw new Error(
        `${route.method} ${route.path} (${hostile.label}): ${response.status} ${text}`,
      );
    }
  }

  it('finds the JSON routes in the OpenAPI document', () => {
    const found = routes.map((route) => `${route.method} ${route.path}`);
    expect(found).toEqual(
      expect.arrayContaining(['POST /auth/login', 'POST /auth/refresh', 'POST /oauth/token']),
    );
    expect(routes.filter((route) => route.bearer).length).toBeGreaterThan(3);
  });

  it('answers every fixed hostile body on every route without a 5xx', async () => {
    for (const route of routes) {
      for (const hostile of fixedHostileBodies(route.fields, sut.config.http.bodyLimit)) {
        await expectNo5xx(route, hostile);
      }
    }
  });

  it('answers random hostile bodies on every route without a 5xx', async () => {
    const sample = fc
      .constantFrom(...routes)
      .chain((route) => hostileBody(route.fields).map((hostile) => ({ route, hostile })));
    await fc.assert(
      fc.asyncProperty(sample, ({ route, hostile }) => expectNo5xx(route, hostile)),
      { numRuns: 400 },
    );
  });

  it('refuses the deepest body that fits in about the time of a normal request', async () => {
    const login = routes.find((route) => route.path === '/auth/login') as JsonRoute;
    const depth = Math.floor((sut.config.http.bodyLimit - 64) / 2);
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    // A failed login for a new unknown name each time, so no account lock gets in the way.
    const normal = (run: number): string =>
      JSON.stringify({ username: `nobody${run}`, password: 'x' });
    const median = async (body: (run: number) => string, expected: number): Promise<number> => {
      const times: number[] = [];
      for (let run = 0; run < 15; run++) {
        const started = performance.now();
        const response = await send(login, {
          label: 'timed',
          body: body(run),
          contentType: 'application/json',
        });
        await response.arrayBuffer();
        times.push(performance.now() - started);
        expect(response.status).toBe(expected);
      }
      return times.sort((a, b) => a - b)[7];
    };
    await median(normal, 401); // warm-up
    const baseline = await median(normal, 401);
    const refused = await median(() => deep, 400);
    expect(refused).toBeLessThan(baseline * 10);
  });
});
