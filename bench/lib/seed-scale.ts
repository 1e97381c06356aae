import bcrypt from 'bcrypt';
import { Client } from 'pg';
import { QUICK } from './budget';

/** A tenth of the rows with --quick: a smoke test of the seeding, not figures to keep. */
const SHARE = QUICK ? 0.1 : 1;

/** What the scale benchmark seeds: a large deployment's tables, not a test fixture's. */
export const SCALE = {
  users: 1_000_000 * SHARE,
  refreshFamilies: 1_000_000 * SHARE,
  revokedJtis: 100_000 * SHARE,
  auditEvents: 1_000_000 * SHARE,
};

/** Every seeded user's password (one bcrypt hash, computed once, shared by all rows). */
export const SEEDED_PASSWORD = 'Seeded-password-1';

/** Rows per INSERT ... SELECT: a statement short enough to report progress, long enough to be cheap. */
const CHUNK = 250_000;

/**
 * The id of seeded user `i` (an SQL expression over the integer `i`): an md5 digest shaped as a
 * version 4 UUID, random-looking like gen_random_uuid() (so the primary key fills as it does in
 * production), yet computable again, so refresh tokens and audit rows can name user `i` without
 * a join.
 */
const userId = (i: string): string =>
  `overlay(overlay(md5('warden-seed-user-' || (${i})) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Users in creation order, 5 s apart, ending just before now (the administrator, created when
 * the benchmark started, stays the newest): created_at follows the heap order, as a real table
 * filled over two months does. $1..$2 is the chunk, $3 the shared hash, $4 the total.
 */
const USERS_SQL = `
  INSERT INTO users (id, username, email, password_hash, roles, permissions, is_active,
                     created_at, updated_at, attributes, mfa_enabled)
  SELECT ${userId('i')}, 'seed' || i, 'seed' || i || '@example.com', $3, '{user}', '{}', true,
         c.t, c.t, '{}', false
    FROM generate_series($1::int, $2::int) AS i,
         LATERAL (SELECT now() - ($4::int + 1 - i) * interval '5 seconds' AS t) AS c`;

/**
 * One live refresh family per user (a login's first token: unused, unexpired, with the access
 * token's jti as a login stores it), 2 s apart over the last 23 days, each expiring 30 days
 * after its login. token_hash is SHA-256 like the service's digests. $3 is the total.
 */
const REFRESH_SQL = `
  INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, created_at,
                              user_agent, ip, access_token_jti, access_token_expires_at, amr,
                              auth_time)
  SELECT gen_random_uuid(), gen_random_uuid(), ${userId('i')},
         sha256(convert_to('warden-seed-refresh-' || i, 'UTF8')), c.t + interval '30 days', c.t,
         'Mozilla/5.0 (bench)', '10.0.' || (i % 256) || '.' || (i / 256 % 256),
         gen_random_uuid()::text, c.t + interval '15 minutes', '{pwd}', c.t
    FROM generate_series($1::int, $2::int) AS i,
         LATERAL (SELECT now() - ($3::int + 1 - i) * interval '2 seconds' AS t) AS c`;

/**
 * Denied jtis that stay live (unexpired) for the whole run: 45 to 75 minutes ahead, so every
 * replica start-up loads all of them. The jti is a UUID, as the service's tokens carry.
 */
const REVOKED_SQL = `
  INSERT INTO revoked_tokens (jti, expires_at)
  SELECT gen_random_uuid()::text, now() + interval '45 minutes' + random() * interval '30 minutes'
    FROM generate_series($1::int, $2::int) AS i`;

/**
 * An audit trail of the service's own event types, 2.5 s apart over the last 29 days: half
 * logins, then failures, revocations, logouts, user changes; key.rotated is rare (one in
 * 10,000), the selective case of `GET /audit?type`. $3 is the total, $4 the users to name.
 */
const AUDIT_SQL = `
  INSERT INTO audit_events (at, type, actor, subject, ip, details)
  SELECT now() - ($3::int + 1 - i) * interval '2500 milliseconds',
         CASE WHEN i % 10000 = 0 THEN 'key.rotated'
              WHEN i % 100 < 50 THEN 'login.succeeded'
              WHEN i % 100 < 65 THEN 'login.failed'
              WHEN i % 100 < 75 THEN 'token.revoked'
              WHEN i % 100 < 85 THEN 'session.ended'
              WHEN i % 100 < 93 THEN 'user.updated'
              ELSE 'user.created' END,
         u.id::text, u.id::text, '10.1.' || (i % 256) || '.' || (i / 256 % 256),
         jsonb_build_object('client_id', 'web', 'method', 'password')
    FROM generate_series($1::int, $2::int) AS i,
         LATERAL (SELECT ${userId('i % $4::int + 1')} AS id) AS u`;

function log(message: string): void {
  process.stdout.write(`[bench] scale: ${message}\n`);
}

/** Runs `sql` over from..to in chunks ($1..$2). */
async function seedRange(
  client: Client,
  from: number,
  to: number,
  sql: string,
  extra: unknown[],
): Promise<void> {
  for (let lo = from; lo <= to; lo += CHUNK) {
    await client.query(sql, [lo, Math.min(to, lo + CHUNK - 1), ...extra]);
  }
}

/**
 * Runs `sql` over 1..total, split across the clients (each its own range, at once), then says
 * how long the table took.
 */
async function seedTable(
  clients: Client[],
  what: string,
  total: number,
  sql: string,
  extra: unknown[],
): Promise<void> {
  const started = Date.now();
  const share = Math.ceil(total / clients.length);
  await Promise.all(
    clients.map((client, i) =>
      seedRange(client, i * share + 1, Math.min(total, (i + 1) * share), sql, extra),
    ),
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`seeded ${total.toLocaleString('en-US')} ${what} in ${seconds} s`);
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'warden-bench-seed' });
  await client.connect();
  // Bulk load: a commit need not wait for its WAL flush (a crash would only lose the seed).
  await client.query('SET synchronous_commit = off');
  return client;
}

/**
 * Seeds SCALE's rows into a database Warden has migrated, on two connections at once (one per
 * core): users beside the audit trail, then the refresh families (which reference the users)
 * split across both, then the denylist. Returns the seconds it took. Then VACUUM ANALYZE, as autovacuum would soon do anyway (and otherwise would,
 * in the middle of the measurements), and a CHECKPOINT, so no flush of the seed lands in them.
 */
export async function seedScale(url: string): Promise<number> {
  const hash = await bcrypt.hash(SEEDED_PASSWORD, 10);
  const [a, b] = await Promise.all([connect(url), connect(url)]);
  const started = Date.now();
  try {
    await Promise.all([
      seedTable([a], 'users', SCALE.users, USERS_SQL, [hash, SCALE.users]),
      seedTable([b], 'audit events', SCALE.auditEvents, AUDIT_SQL, [
        SCALE.auditEvents,
        SCALE.users,
      ]),
    ]);
    // The slowest table (six indexes and a foreign key): half of it on each connection.
    await seedTable([a, b], 'refresh-token families', SCALE.refreshFamilies, REFRESH_SQL, [
      SCALE.refreshFamilies,
    ]);
    await seedTable([a], 'live revoked jtis', SCALE.revokedJtis, REVOKED_SQL, []);
    const vacuumStarted = Date.now();
    await Promise.all([
      a.query('VACUUM (ANALYZE) users').then(() => a.query('VACUUM (ANALYZE) refresh_tokens')),
      b
        .query('VACUUM (ANALYZE) audit_events')
        .then(() => b.query('VACUUM (ANALYZE) revoked_tokens')),
    ]);
    await a.query('CHECKPOINT');
    log(`VACUUM (ANALYZE) and CHECKPOINT in ${Math.round((Date.now() - vacuumStarted) / 1000)} s`);
    const seconds = (Date.now() - started) / 1000;
    log(`seeding took ${Math.round(seconds)} s in all`);
    return seconds;
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

/** Leaves `count` rows in the denylist (deleting the rest), vacuumed, for a start-up run. */
export async function trimRevocations(url: string, count: number): Promise<void> {
  const client = await connect(url);
  try {
    await client.query(
      'DELETE FROM revoked_tokens WHERE jti IN (SELECT jti FROM revoked_tokens ORDER BY jti OFFSET $1)',
      [count],
    );
    await client.query('VACUUM (ANALYZE) revoked_tokens');
  } finally {
    await client.end();
  }
}

/** Live (unexpired) rows in the denylist, to check what a start-up run had to load. */
export async function liveRevocations(url: string): Promise<number> {
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM revoked_tokens WHERE expires_at > now()',
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
