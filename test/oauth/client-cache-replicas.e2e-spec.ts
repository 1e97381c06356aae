import { Client } from 'pg';
import { ClientCacheService } from '../../src/tokens/clients/client-cache.service';
import type { TestApp } from '../support/test-app';
import { startTwoReplicas, TwoReplicas } from '../support/two-replicas';
import { eventually, within } from '../support/timing';
import {
  claimsOf,
  createClient,
  OAuthClient,
  OAuthTestApp,
  token,
  tokenOk,
} from './oauth.fixtures';

/** What a refused client gets, the same whatever the reason (token-errors.e2e-spec.ts). */
const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description: 'Client authentication failed',
};

/**
 * Two replicas on one database, each authenticating clients from its own memory: a client
 * deleted, deactivated or changed through one (or in SQL) is refused or changed on the other
 * within a second, by NOTIFY alone. KEY_RELOAD_INTERVAL is 300 s, so the periodic backstop
 * cannot be what makes it so.
 */
describe('the client cache across two replicas', () => {
  let replicas: TwoReplicas | undefined;
  let a: OAuthTestApp;
  let b: TestApp;
  let db: Client;

  beforeAll(async () => {
    replicas = await startTwoReplicas();
    ({ a, b, db } = replicas);
    // Both listening, else each would read the table on every request and prove nothing.
    await eventually(() => {
      for (const app of [a, b]) expect(app.app.get(ClientCacheService).listening).toBe(true);
    });
  });
  afterAll(() => replicas?.close());

  const grant = { grant_type: 'client_credentials' };

  /** Authenticated on both replicas: now in the memory of each. */
  async function cachedEverywhere(client: OAuthClient): Promise<void> {
    for (const app of [a, b]) {
      await tokenOk(app, client, grant);
      await tokenOk(app, client, grant);
    }
  }

  async function refusedWithinASecond(app: TestApp, client: OAuthClient): Promise<void> {
    await within(1000, async () => (await token(app, client, grant)).status === 401);
    const response = await token(app, client, grant);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="warden"');
    expect(await response.json()).toEqual(INVALID_CLIENT);
  }

  it('refuses a wrong secret for a cached client, on either replica', async () => {
    const client = await createClient(a, { name: 'wrong-secret' });
    await cachedEverywhere(client);
    for (const app of [a, b]) {
      const response = await token(app, { ...client, client_secret: 'A'.repeat(43) }, grant);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 401,
        body: INVALID_CLIENT,
      });
    }
  });

  it('refuses a client deleted through one replica at once there, and on the other within a second', async () => {
    const client = await createClient(a, { name: 'deleted' });
    await cachedEverywhere(client);

    const deleted = await a.request(`/clients/${client.client_id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.adminToken}` },
    });
    expect(deleted.status).toBe(204);

    expect((await token(a, client, grant)).status).toBe(401);
    await refusedWithinASecond(b, client);
  });

  it('refuses a client deactivated in SQL on both replicas within a second', async () => {
    const client = await createClient(a, { name: 'deactivated' });
    await cachedEverywhere(client);

    await db.query('UPDATE clients SET is_active = false WHERE client_id = $1', [client.client_id]);

    await refusedWithinASecond(a, client);
    await refusedWithinASecond(b, client);
  });

  it('refuses the old secret once the stored digest changes, on both replicas', async () => {
    const client = await createClient(a, { name: 'rotated' });
    await cachedEverywhere(client);

    await db.query(
      `UPDATE clients SET secret_hash = sha256('another secret') WHERE client_id = $1`,
      [client.client_id],
    );

    await refusedWithinASecond(a, client);
    await refusedWithinASecond(b, client);
  });

  it("issues the other replica's next token with a change made through one", async () => {
    const client = await createClient(a, { name: 'changed', permissions: ['reports:read'] });
    await cachedEverywhere(client);

    const patched = await a.request(`/clients/${client.client_id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${a.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ permissions: ['reports:write'] }),
    });
    expect(patched.status).toBe(200);

    expect(claimsOf((await tokenOk(a, client, grant)).access_token).permissions).toEqual([
      'reports:write',
    ]);
    await within(1000, async () => {
      const { access_token: accessToken } = await tokenOk(b, client, grant);
      return JSON.stringify(claimsOf(accessToken).permissions) === '["reports:write"]';
    });
  });
});
