import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, OAuthClient } from '../oauth/oauth.fixtures';
import { ServiceProcess, startService } from '../support/service-process';
import { within } from '../support/timing';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  call,
  loginAt,
  newSession,
  Pair,
} from './reliability.fixtures';
import { OwnCluster } from './support/own-cluster';

// Longer than the global 60 s on purpose: beforeAll runs initdb for a cluster of its own and
// starts the compiled service (up to 60 s to listen); the recovery case waits up to 30 s more.
jest.setTimeout(150000);

/**
 * PostgreSQL stops under a running Warden: every route that must write answers 503 with a clear
 * body (never a token that was not recorded), the JWKS keeps being served from memory, readiness
 * turns 503, and when PostgreSQL is back Warden recovers by itself, without a restart.
 */
describe('database outage', () => {
  let dir: string;
  let cluster: OwnCluster;
  let service: ServiceProcess;
  let before: Pair;
  let jwks: string;
  let client: OAuthClient;
  let serviceToken: string;

  /** A form post to an OAuth endpoint as `client` (RFC 6749 §2.3.1 Basic). */
  function oauth(path: string, params: Record<string, string>): Promise<Response> {
    return fetch(`${service.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(client) },
      body: new URLSearchParams(params).toString(),
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-outage-'));
    await chmod(dir, 0o755); // the server runs as the postgres user when we are root
    cluster = new OwnCluster(join(dir, 'pg'));
    await cluster.start();
    service = await startService({
      DATABASE_URL: cluster.url,
      THROTTLE_LIMIT: '100000',
      KEY_RELOAD_INTERVAL: '1',
      ADMIN_USERNAME,
      ADMIN_PASSWORD,
    });
    await service.waitFor(/Warden is listening/, 60000);
    before = await newSession(service.baseUrl);
    const admin = await loginAt(service.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const created = await call(service.baseUrl, 'POST', '/clients', {
      token: admin.access_token,
      body: { name: 'outage-client', permissions: [], grant_types: ['client_credentials'] },
    });
    if (created.status !== 201) throw new Error(`create client: ${created.status}`);
    client = (await created.json()) as OAuthClient;
    const issued = await oauth('/oauth/token', { grant_type: 'client_credentials' });
    if (issued.status !== 200) throw new Error(`client_credentials: ${issued.status}`);
    serviceToken = ((await issued.json()) as { access_token: string }).access_token;
    jwks = await (await call(service.baseUrl, 'GET', '/.well-known/jwks.json')).text();
    await cluster.stop();
  });
  afterAll(async () => {
    await service?.stop();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  async function expectUnavailable(response: Response): Promise<void> {
    const body = (await response.json()) as Record<string, unknown>;
    expect({ status: response.status, code: body.code }).toEqual({
      status: 503,
      code: 'ERR_DATABASE_UNAVAILABLE',
    });
    expect(body).not.toHaveProperty('access_token');
    expect(body).not.toHaveProperty('refresh_token');
    expect(response.headers.get('retry-after')).toBe('5');
  }

  it('answers login with 503 and a clear body, issuing nothing', async () => {
    await expectUnavailable(
      await call(service.baseUrl, 'POST', '/auth/login', {
        body: { username: 'nobody', password: 'whatever it is' },
      }),
    );
  });

  it('answers refresh with 503, never a token it could not record', async () => {
    await expectUnavailable(
      await call(service.baseUrl, 'POST', '/auth/refresh', {
        body: { refresh_token: before.refresh_token },
      }),
    );
  });

  it('answers logout (a revocation) with 503 rather than claiming success', async () => {
    await expectUnavailable(
      await call(service.baseUrl, 'POST', '/auth/logout', {
        token: before.access_token,
        body: { refresh_token: before.refresh_token },
      }),
    );
  });

  it('answers registration with 503', async () => {
    await expectUnavailable(
      await call(service.baseUrl, 'POST', '/auth/register', {
        body: {
          username: 'outage.user',
          email: 'outage@example.com',
          password: 'outage password 1',
        },
      }),
    );
  });

  /** RFC 6749 §5.2 `temporarily_unavailable` with a 503: the OAuth form of the outage body. */
  async function expectOAuthUnavailable(response: Response): Promise<void> {
    const body = (await response.json()) as Record<string, unknown>;
    expect({ status: response.status, error: body.error }).toEqual({
      status: 503,
      error: 'temporarily_unavailable',
    });
    expect(body.error_description).toMatch(/database is unavailable/i);
    expect(body).not.toHaveProperty('access_token');
    expect(body).not.toHaveProperty('active');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('cache-control')).toBe('no-store');
  }

  it('answers the client_credentials grant with 503: the client cannot be authenticated', async () => {
    // Service tokens are not recorded (no row, no jti kept), but issuing one needs the client's
    // secret digest and active flag from the database, so nothing is issued without them.
    await expectOAuthUnavailable(await oauth('/oauth/token', { grant_type: 'client_credentials' }));
  });

  it('answers the password grant on /oauth/token with 503', async () => {
    await expectOAuthUnavailable(
      await oauth('/oauth/token', {
        grant_type: 'password',
        username: ADMIN_USERNAME,
        password: ADMIN_PASSWORD,
      }),
    );
  });

  it('answers introspection with 503, never claiming a token active or inactive unchecked', async () => {
    // RFC 7662 §2.2 `active: false` would tell a resource server "refuse", and `active: true`
    // would vouch for a token whose revocation cannot be checked; 503 tells it neither.
    for (const token of [serviceToken, before.access_token, before.refresh_token, 'garbage']) {
      await expectOAuthUnavailable(await oauth('/oauth/introspect', { token }));
    }
  });

  it('answers OAuth revocation with 503 rather than a 200 for a revocation never written', async () => {
    await expectOAuthUnavailable(
      await oauth('/oauth/revoke', {
        token: before.refresh_token,
        token_type_hint: 'refresh_token',
      }),
    );
  });

  it('still serves the JWKS from memory', async () => {
    const response = await call(service.baseUrl, 'GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(jwks);
  });

  it('reports not ready (503) but alive', async () => {
    expect((await call(service.baseUrl, 'GET', '/health/ready')).status).toBe(503);
    expect((await call(service.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });

  it('recovers by itself once PostgreSQL is back on the same address', async () => {
    await cluster.start();
    await within(30000, async () => {
      const response = await call(service.baseUrl, 'GET', '/health/ready');
      await response.arrayBuffer();
      return response.status === 200;
    });
    // The session from before the outage was never spent: it refreshes once, as it should.
    const refreshed = await call(service.baseUrl, 'POST', '/auth/refresh', {
      body: { refresh_token: before.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    // Nothing the OAuth endpoints answered during the outage was half-done: the service token
    // from before still introspects as active, and the client can get new ones.
    const introspected = await oauth('/oauth/introspect', { token: serviceToken });
    expect(await introspected.json()).toMatchObject({ active: true, token_use: 'service' });
    expect((await oauth('/oauth/token', { grant_type: 'client_credentials' })).status).toBe(200);
    const fresh = await newSession(service.baseUrl);
    expect(
      (await call(service.baseUrl, 'GET', '/auth/me', { token: fresh.access_token })).status,
    ).toBe(200);
    await loginAt(service.baseUrl, 'nobody', 'x').catch((error: Error) =>
      expect(error.message).toMatch(/^login: 401/),
    );
    expect(service.process.exitCode).toBeNull();
  });
});
