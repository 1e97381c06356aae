import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { RevokedTokensRepository } from '../../src/tokens/revoked-tokens.repository';
import { claimsOf } from '../oauth/oauth.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { within } from '../support/timing';
import { loginOk, me, registeredAccount, SESSION_ENV } from '../tokens/session.fixtures';

// Longer than the global 60 s on purpose: two replicas boot on one database, and one case
// waits out several poll intervals to show what the poll does not read.
jest.setTimeout(120000);

const POLL_SECONDS = 1;

/**
 * The poll every replica runs as a backstop to NOTIFY (docs/architecture.md §8) reads only the
 * rows written since its previous read, by the database's clock. Rows written here with plain
 * SQL send no NOTIFY, as if the replicas' LISTEN connections had been down: the other replica
 * must still refuse them within one interval, a row committed late (stamped up to a minute
 * before it is visible) included, while a row stamped long before the previous read is left to
 * the full read a reconnect of the LISTEN connection makes.
 */
describe('the incremental revocation poll', () => {
  const bound = POLL_SECONDS * 1000 + 2000;
  let database: { url: string; drop: () => Promise<void> };
  let first: TestApp;
  let second: TestApp;
  let sql: Client;

  const replicas = () => [first, second];

  async function token(): Promise<{ access: string; jti: string; exp: number; sub: string }> {
    const pair = await loginOk(first, await registeredAccount(first));
    const claims = claimsOf(pair.access_token) as { jti: string; exp: number; sub: string };
    for (const replica of replicas())
      expect((await me(replica, pair.access_token)).status).toBe(200);
    return { access: pair.access_token, ...claims };
  }

  function refusedByBoth(access: string, deadline = bound): Promise<number> {
    return within(deadline, async () => {
      const statuses = await Promise.all(replicas().map((replica) => me(replica, access)));
      return statuses.every((response) => response.status === 401);
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      ...SESSION_ENV,
      KEY_RELOAD_INTERVAL: String(POLL_SECONDS),
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    first = await createTestApp(env, { databaseUrl: database.url });
    second = await createTestApp(env, { databaseUrl: database.url });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  it('a jti written without a NOTIFY is refused by both replicas within one interval', async () => {
    const { access, jti, exp } = await token();

    await sql.query(`INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, to_timestamp($2))`, [
      jti,
      exp,
    ]);

    await refusedByBoth(access);
  });

  it('a row committed late, stamped within the look-back, is still read', async () => {
    const { access, jti, exp } = await token();

    await sql.query(
      `INSERT INTO revoked_tokens (jti, expires_at, revoked_at)
       VALUES ($1, to_timestamp($2), now() - interval '30 seconds')`,
      [jti, exp],
    );

    await refusedByBoth(access);
  });

  it("a deleted user's cut-off written without a NOTIFY is refused within one interval", async () => {
    const { access, sub } = await token();

    await sql.query(
      `INSERT INTO subject_cutoffs (subject, valid_after, expires_at)
       VALUES ($1, now(), now() + interval '1 hour')`,
      [sub],
    );

    await refusedByBoth(access);
  });

  it('reads only rows written since the last read; a re-revocation is stamped anew', async () => {
    const { access, jti, exp } = await token();
    // Stamped long before any replica's previous read: no incremental poll returns it.
    await sql.query(
      `INSERT INTO revoked_tokens (jti, expires_at, revoked_at)
       VALUES ($1, to_timestamp($2), now() - interval '1 hour')`,
      [jti, exp],
    );
    await sleep(POLL_SECONDS * 3000);
    for (const replica of replicas()) expect((await me(replica, access)).status).toBe(200);

    // The service's own insert (its NOTIFY is a separate statement, not sent here).
    await first.app.get(RevokedTokensRepository).insert([{ jti, exp }]);

    await refusedByBoth(access);
    const [row] = (
      await sql.query<{ fresh: boolean }>(
        `SELECT revoked_at > now() - interval '1 minute' AS fresh FROM revoked_tokens WHERE jti = $1`,
        [jti],
      )
    ).rows;
    expect(row.fresh).toBe(true);
  });

  it('a reconnect of the LISTEN connection reads every unexpired row again', async () => {
    const { access, jti, exp } = await token();
    await sql.query(
      `INSERT INTO revoked_tokens (jti, expires_at, revoked_at)
       VALUES ($1, to_timestamp($2), now() - interval '1 hour')`,
      [jti, exp],
    );

    await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'warden-revocations-listener' AND datname = current_database()`,
    );

    await refusedByBoth(access, 10000);
  });
});
