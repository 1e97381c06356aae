import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, startService } from '../support/service-process';
import { call, loginAt, newSession, Pair, within } from './reliability.fixtures';

jest.setTimeout(150000);

const CLUSTER_SCRIPT = join(__dirname, 'support', 'pg-cluster.js');

/** A PostgreSQL of this file's own, in a child process, that the test can stop and restart. */
class OwnCluster {
  private child: ChildProcess | undefined;
  url = '';
  port = 0;

  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [CLUSTER_SCRIPT, this.dir, ...(this.port ? [String(this.port)] : [])],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { url: string; port: number });
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`cluster exited ${code}: ${output}`)));
    });
    this.url = ready.url;
    this.port = ready.port;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

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

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-outage-'));
    await chmod(dir, 0o755); // the server runs as the postgres user when we are root
    cluster = new OwnCluster(join(dir, 'pg'));
    await cluster.start();
    service = await startService({
      DATABASE_URL: cluster.url,
      THROTTLE_LIMIT: '100000',
      KEY_RELOAD_INTERVAL: '1',
    });
    await service.waitFor(/Warden is listening/, 60000);
    before = await newSession(service.baseUrl);
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
