import { WardenAuthGuard } from '../../packages/nest-auth/src/guards/warden-auth.guard';
import { createTestApp, TestApp } from '../support/test-app';
import { concretePath, fastifyRoutes, nestRoutes, ServiceRoute } from './service-routes';

/**
 * The routes that answer without a token. Adding a `@Public()` route makes this test fail until
 * it is listed here: opening a route is a reviewed decision, never a side effect.
 */
const PUBLIC_ROUTES = new Set([
  'GET /.well-known/jwks.json',
  'GET /.well-known/oauth-authorization-server',
  'GET /.well-known/openid-configuration',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /auth/login',
  // The second step of a login: the mfa_token of the first is its credential.
  'POST /auth/login/mfa',
  'POST /auth/refresh',
  'POST /auth/register',
  // RFC 6749 / 7662 / 7009: the caller authenticates as a client, not with a bearer token.
  'POST /oauth/introspect',
  'POST /oauth/revoke',
  'POST /oauth/token',
  // The OpenID provider's hosted pages (src/oidc): for people in a browser, before any token.
  // Their posts carry a CSRF token; the credentials routes are throttled as /auth/login is.
  'GET /oauth/authorize',
  'POST /oauth/authorize/login',
  'POST /oauth/authorize/mfa',
  'POST /oauth/authorize/consent',
  'GET /oauth/assets/warden.css',
  'GET /oauth/logout',
  'POST /oauth/logout',
]);

/**
 * Served by Fastify outside Nest's controllers, so outside the guard: the OpenAPI UI and its
 * assets, and the OpenAPI document (`/docs`, `/docs/...`, `/docs-json`, `/docs-yaml`).
 */
const OUTSIDE_NEST = /^GET \/docs(?:-json|-yaml)?(?:\/.*|\*)?$/;

describe(`Deny by default (${WardenAuthGuard.name})`, () => {
  let sut: TestApp;
  let routes: ServiceRoute[];

  beforeAll(async () => {
    sut = await createTestApp();
    routes = nestRoutes(sut.app);
  });
  afterAll(() => sut.close());

  it('finds the routes Nest registered, and Fastify serves exactly those plus the docs', () => {
    const keys = routes.map((route) => route.key);
    expect(keys).toEqual(expect.arrayContaining(['GET /users/:id', 'POST /auth/login']));
    const served = fastifyRoutes(sut.app);
    expect(served).toEqual(expect.arrayContaining(keys));
    expect(served.filter((key) => !keys.includes(key) && !OUTSIDE_NEST.test(key))).toEqual([]);
  });

  it('lists every @Public() route in the allow-list, and only those', () => {
    const open = routes.filter((route) => route.isPublic).map((route) => route.key);
    const listedButProtected = routes
      .filter((route) => !route.isPublic && PUBLIC_ROUTES.has(route.key))
      .map((route) => route.key);

    expect(open.filter((key) => !PUBLIC_ROUTES.has(key))).toEqual([]);
    expect(listedButProtected).toEqual([]);
  });

  it('answers 401 without a token on every other route', async () => {
    const protectedRoutes = routes.filter((route) => !route.isPublic);
    expect(protectedRoutes.length).toBeGreaterThan(10);

    const answers = await Promise.all(
      protectedRoutes.map(async (route) => {
        const response = await sut.request(concretePath(route.path), { method: route.method });
        const body = (await response.json()) as { code?: string };
        return `${route.key} -> ${response.status} ${body.code}`;
      }),
    );

    expect(answers).toEqual(
      protectedRoutes.map((route) => `${route.key} -> 401 ERR_TOKEN_MISSING`),
    );
  });
});
