import { Client } from 'pg';
import { migrations } from '../../migrations';
import type { ServiceProcess } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';
import { within } from '../support/timing';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  call,
  loginAt,
  newSession,
  replicaEnv,
  startReplicas,
  statusOf,
} from './reliability.fixtures';

// Longer than the global 60 s on purpose: beforeAll starts three compiled processes at once,
// and each may take up to 60 s to listen on a loaded machine (startReplicas waits that long).
jest.setTimeout(120000);

/**
 * Three compiled Warden processes started at once on one empty database (docs/architecture.md
 * §8): one migration run, one first key set, one rotation however many ask, and revocations that
 * reach every replica within the README's bound: at once by NOTIFY, at worst KEY_RELOAD_INTERVAL
 * seconds (here 2) by polling, even when a replica has lost its LISTEN connection.
 */
describe('three replicas on one database', () => {
  const bound = 2000 + 1500;
  let database: { url: string; drop: () => Promise<void> };
  let replicas: ServiceProcess[];
  let sql: Client;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    replicas = await startReplicas(3, replicaEnv(database.url));
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    admin = (await loginAt(replicas[0].baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD)).access_token;
  });
  afterAll(async () => {
    await sql?.end();
    await Promise.all((replicas ?? []).map((replica) => replica.stop()));
    await database?.drop();
  });

  async function rows<T>(query: string): Promise<T[]> {
    return (await sql.query(query)).rows as T[];
  }

  async function acceptedByAll(token: string): Promise<void> {
    for (const replica of replicas) expect(await statusOf(replica.baseUrl, token)).toBe(200);
  }

  function refusedByAllWithinBound(token: string): Promise<number> {
    return within(bound, async () => {
      const statuses = await Promise.all(
        replicas.map((replica) => statusOf(replica.baseUrl, token)),
      );
      return statuses.every((status) => status === 401);
    });
  }

  it('ran each migration once and created the first key set once', async () => {
    const applied = await rows<{ name: string }>('SELECT name FROM migrations');
    expect(applied.map((row) => row.name).sort()).toEqual(
      migrations.map((migration) => migration.name).sort(),
    );
    const keys = await rows<{ status: string }>('SELECT status FROM signing_keys ORDER BY status');
    expect(keys.map((key) => key.status)).toEqual(['active', 'next']);
    const admins = await rows<{ id: string }>(
      `SELECT id FROM users WHERE username = '${ADMIN_USERNAME}'`,
    );
    expect(admins).toHaveLength(1);
  });

  it('serves the same JWKS from every replica', async () => {
    const sets = await Promise.all(
      replicas.map(async (replica) =>
        (await call(replica.baseUrl, 'GET', '/.well-known/jwks.json')).text(),
      ),
    );
    expect(new Set(sets).size).toBe(1);
  });

  it('concurrent manual rotations on all three make exactly one rotation, no duplicate kid', async () => {
    const [{ kid: activeKid }] = await rows<{ kid: string }>(
      `SELECT kid FROM signing_keys WHERE status = 'active'`,
    );
    const responses = await Promise.all(
      replicas.map((replica) =>
        call(replica.baseUrl, 'POST', '/keys/rotate', {
          token: admin,
          body: { expectedActiveKid: activeKid },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    const results = (await Promise.all(responses.map((response) => response.json()))) as Array<{
      rotated: boolean;
    }>;
    expect(results.filter((result) => result.rotated)).toHaveLength(1);

    const keys = await rows<{ kid: string; status: string }>(
      'SELECT kid, status FROM signing_keys',
    );
    expect(keys.map((key) => key.status).sort()).toEqual(['active', 'next', 'retiring']);
    expect(new Set(keys.map((key) => key.kid)).size).toBe(keys.length);
    const rotations = await rows<{ count: string }>(
      `SELECT count(*) FROM audit_events WHERE type = 'key.rotated'`,
    );
    expect(Number(rotations[0].count)).toBe(1);
  });

  it('every replica signs with the new active key within the bound', async () => {
    const [{ kid }] = await rows<{ kid: string }>(
      `SELECT kid FROM signing_keys WHERE status = 'active'`,
    );
    await within(bound, async () => {
      const kids = await Promise.all(
        replicas.map(async (replica) => {
          const pair = await newSession(replica.baseUrl);
          const header = JSON.parse(
            Buffer.from(pair.access_token.split('.')[0], 'base64url').toString('utf8'),
          ) as { kid: string };
          return header.kid;
        }),
      );
      return kids.every((signedWith) => signedWith === kid);
    });
  });

  it('a logout on one replica is refused by the others within the bound', async () => {
    const pair = await newSession(replicas[1].baseUrl);
    await acceptedByAll(pair.access_token);

    const logout = await call(replicas[0].baseUrl, 'POST', '/auth/logout', {
      token: pair.access_token,
      body: { refresh_token: pair.refresh_token },
    });
    expect(logout.status).toBe(200);

    expect(await statusOf(replicas[0].baseUrl, pair.access_token)).toBe(401);
    await refusedByAllWithinBound(pair.access_token);
    const reused = await call(replicas[2].baseUrl, 'POST', '/auth/refresh', {
      body: { refresh_token: pair.refresh_token },
    });
    expect(reused.status).toBe(401);
  });

  it('a logout without a refresh token ends its session on the others within the bound', async () => {
    const pair = await newSession(replicas[0].baseUrl);
    await acceptedByAll(pair.access_token);

    const logout = await call(replicas[0].baseUrl, 'POST', '/auth/logout', {
      token: pair.access_token,
      body: {},
    });
    expect(logout.status).toBe(200);

    await refusedByAllWithinBound(pair.access_token);
    const reused = await call(replicas[1].baseUrl, 'POST', '/auth/refresh', {
      body: { refresh_token: pair.refresh_token },
    });
    expect(reused.status).toBe(401);
  });

  it('a password change on one replica refuses old tokens on the others within the bound', async () => {
    const user = await newSession(replicas[1].baseUrl);
    await acceptedByAll(user.access_token);

    const change = await call(replicas[0].baseUrl, 'POST', '/auth/password', {
      token: user.access_token,
      body: { currentPassword: user.password, newPassword: `${user.password} v2` },
    });
    expect(change.status).toBe(204);

    await refusedByAllWithinBound(user.access_token);
  });

  it('a deactivation on one replica is refused by the others within the bound', async () => {
    const user = await newSession(replicas[2].baseUrl);
    const patched = await call(replicas[0].baseUrl, 'PATCH', `/users/${user.id}`, {
      token: admin,
      body: { isActive: false },
    });
    if (patched.status === 404) return; // the admin API is not part of this build
    expect(patched.status).toBe(200);
    await refusedByAllWithinBound(user.access_token);
  });

  it('a key revoked on one replica is refused by all within the bound', async () => {
    const [{ kid }] = await rows<{ kid: string }>(
      `SELECT kid FROM signing_keys WHERE status = 'active'`,
    );
    const pair = await newSession(replicas[2].baseUrl);
    await acceptedByAll(pair.access_token);

    const revoked = await call(replicas[1].baseUrl, 'POST', `/keys/${kid}/revoke`, {
      token: admin,
      body: { reason: 'drill' },
    });
    expect(revoked.status).toBe(200);

    await refusedByAllWithinBound(pair.access_token);
    await within(bound, async () => {
      const sets = await Promise.all(
        replicas.map(async (replica) =>
          (await call(replica.baseUrl, 'GET', '/.well-known/jwks.json')).text(),
        ),
      );
      return sets.every((set) => !set.includes(kid));
    });
  });

  // Last: it cuts every replica's LISTEN connection, which the cases above do not expect.
  it('survives losing its LISTEN connections: revocations still arrive within the bound', async () => {
    const pair = await newSession(replicas[1].baseUrl);
    await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'warden-revocations-listener' AND datname = current_database()`,
    );

    const logout = await call(replicas[0].baseUrl, 'POST', '/auth/logout', {
      token: pair.access_token,
      body: {},
    });
    expect(logout.status).toBe(200);

    await refusedByAllWithinBound(pair.access_token);
    for (const replica of replicas) {
      expect((await call(replica.baseUrl, 'GET', '/health/live')).status).toBe(200);
    }
  });
});
