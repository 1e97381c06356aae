import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessTokenClaims } from '../../packages/nest-auth/src/access-token-claims';
import { RevocationService } from '../../src/tokens/revocation.service';
import { ADMIN, claimsOf, postJson } from '../oauth/oauth.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { within } from '../support/timing';
import {
  authedPost,
  bodyOf,
  loginOk,
  me,
  registeredAccount,
  SESSION_ENV,
  TokenPair,
} from '../tokens/session.fixtures';
import { OwnCluster } from './support/own-cluster';

// Longer than the global 60 s on purpose: beforeAll runs initdb for a cluster of its own and
// boots two replicas on it; the recovery case restarts PostgreSQL and waits up to 30 s.
jest.setTimeout(150000);

/**
 * Memory never runs ahead of the database: a revocation whose write fails (PostgreSQL down,
 * 503) changes no replica's answer, neither the one that took the request nor another, and once
 * PostgreSQL is back every replica agrees; the same revocation made then holds everywhere.
 */
describe('a revocation during a database outage', () => {
  let dir: string;
  let cluster: OwnCluster;
  let first: TestApp;
  let second: TestApp;
  let adminToken: string;
  let session: TokenPair;
  let userId: string;

  const replicas = () => [first, second];

  function revokedInMemory(sut: TestApp, token: string): boolean {
    const claims = claimsOf(token) as unknown as AccessTokenClaims;
    return sut.app.get(RevocationService).isRevoked(claims);
  }

  async function expectUnavailable(response: Response): Promise<void> {
    const body = await bodyOf(response);
    expect({ status: response.status, code: body.code }).toEqual({
      status: 503,
      code: 'ERR_DATABASE_UNAVAILABLE',
    });
  }

  const logOutEverywhere = () => authedPost(first, `/users/${userId}/revoke-tokens`, adminToken);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-revocation-outage-'));
    await chmod(dir, 0o755); // the server runs as the postgres user when we are root
    cluster = new OwnCluster(join(dir, 'pg'));
    await cluster.start();
    const env = {
      ...SESSION_ENV,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      KEY_RELOAD_INTERVAL: '1',
    };
    first = await createTestApp(env, { databaseUrl: cluster.url });
    second = await createTestApp(env, { databaseUrl: cluster.url });
    const admin = await postJson(first, '/auth/login', ADMIN);
    adminToken = ((await admin.json()) as { access_token: string }).access_token;
    const who = await registeredAccount(first);
    userId = who.id;
    session = await loginOk(first, who);
    await cluster.stop();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('a logout that fails leaves the token accepted on every replica', async () => {
    const response = await authedPost(first, '/auth/logout', session.access_token, {
      refresh_token: session.refresh_token,
    });

    await expectUnavailable(response);
    for (const sut of replicas()) expect(revokedInMemory(sut, session.access_token)).toBe(false);
  });

  it('a log-out-everywhere that fails leaves the token accepted on every replica', async () => {
    await expectUnavailable(await logOutEverywhere());

    for (const sut of replicas()) expect(revokedInMemory(sut, session.access_token)).toBe(false);
  });

  it('once PostgreSQL is back, every replica agrees: the token is still accepted', async () => {
    await cluster.start();
    for (const sut of replicas()) {
      await within(30000, async () => {
        const response = await sut.request('/health/ready');
        await response.arrayBuffer();
        return response.status === 200;
      });
    }

    for (const sut of replicas()) expect((await me(sut, session.access_token)).status).toBe(200);
  });

  it('the same logout made now holds on every replica', async () => {
    const response = await authedPost(first, '/auth/logout', session.access_token, {
      refresh_token: session.refresh_token,
    });

    expect(response.status).toBe(200);
    for (const sut of replicas()) {
      await within(3000, async () => (await me(sut, session.access_token)).status === 401);
    }
  });
});
