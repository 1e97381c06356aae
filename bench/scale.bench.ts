import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { runCount } from './lib/budget';
import { explainScale } from './lib/explain-scale';
import { constant, GoalId, recordGoal } from './lib/goals';
import { idleCost, measureStartup, StartupFigures } from './lib/replica-startup';
import { Figure, Report } from './lib/results';
import { measureRoutes, RouteFigures } from './lib/scale-routes';
import { startScaleDatabase } from './lib/scale-database';
import { liveRevocations, SCALE, seedScale, trimRevocations } from './lib/seed-scale';
import { ratio } from './lib/stats';
import { RunningWarden, startWarden } from './lib/warden';

const BENCHMARK = 'Scale: 1M users, 1M refresh families, 100k revocations, 1M audit events';
const STARTUP_BENCHMARK = 'Scale: replica start-up and memory vs live revocations';
/** Where the "deep page" is: nine tenths into the users and the audit trail. */
const DEEP_OFFSET = SCALE.users * 0.9;
const STARTUP_RUNS = runCount(3);
/** Live revocations a replica is started with; the first is SCALE's, the rest trim it down. */
const REVOCATION_STEPS = [SCALE.revokedJtis, SCALE.revokedJtis / 2, SCALE.revokedJtis / 10, 0];
const STARTUP_GOAL_MS = 5000;
const RSS_GOAL_MB = 300;
const IDLE_MS = 12_000;

/** The goal of each route, in measureRoutes' order. */
const ROUTE_GOALS: GoalId[] = [
  'scale-login',
  'scale-refresh',
  'scale-me',
  'scale-users-first',
  'scale-users-offset',
  'scale-users-cursor',
  'scale-audit-first',
  'scale-audit-offset',
  'scale-audit-cursor',
];

const count = (n: number): string => n.toLocaleString('en-US');
const log = (message: string): void => void process.stdout.write(`[bench] scale: ${message}\n`);

/**
 * Whether anything of Warden gets slower as its tables grow. The same routes are measured on
 * the empty database Warden has just migrated, then again, after a restart, once that very
 * database holds a large deployment's rows (seeded with SQL, lib/seed-scale.ts): each figure is
 * the seeded one ÷ the empty one, so 1.00 means "does not grow". Then replicas are started on
 * the seeded database with 100k, 50k, 10k and no live revocations, which every replica loads
 * into memory before it is ready; and EXPLAIN (ANALYZE, BUFFERS) of the list routes' SQL goes
 * into the notes, to show where a figure that grew spends its time.
 */
export async function scaleBenchmark(report: Report): Promise<void> {
  const database = await startScaleDatabase();
  // Fixed for the run: every Warden process on this database unseals the same keys and logs in
  // as the same administrator (created by the first one).
  const env = {
    DATABASE_URL: database.url,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ADMIN_USERNAME: 'bench-admin',
    ADMIN_PASSWORD: `Bench-${randomBytes(12).toString('base64url')}`,
    BCRYPT_COST: '10',
  };
  try {
    log('measuring the routes on the empty database');
    // The machine may be shared: its load during each phase says how far to trust the ratios.
    const load = (): string => loadavg()[0].toFixed(1);
    const emptyLoad = load();
    const empty = await routesOnce(env, registerOnePage);
    const emptyStartup = await measureStartup(env, STARTUP_RUNS);
    log(`seeding ${count(SCALE.users)} users and the rest`);
    const seedSeconds = await seedScale(database.url);
    log('measuring the routes on the seeded database (Warden restarted)');
    const seededLoad = load();
    const seeded = await routesOnce(env);
    reportRoutes(report, empty, seeded);
    report.notes.push(
      `Scale: seeded ${count(SCALE.users)} users, ${count(SCALE.refreshFamilies)} refresh families, ` +
        `${count(SCALE.revokedJtis)} live revoked jtis and ${count(SCALE.auditEvents)} audit events ` +
        `in ${Math.round(seedSeconds)} s (INSERT ... SELECT generate_series on two connections, then ` +
        `VACUUM ANALYZE and CHECKPOINT). Routes: 4 clients in a closed loop, ${STARTUP_RUNS} runs ` +
        `each; login and refresh as the administrator; the empty database holds ${PAGE_OF_USERS} ` +
        `registered users besides the administrator, so its pages of users are as full as the ` +
        `seeded one's, and its cursor pages use a cursor of the same shape placed before every ` +
        `row (its deep page has no next_cursor). ` +
        `1-minute load average when each phase began: empty ${emptyLoad}, seeded ${seededLoad} ` +
        `(2 cores; above 2, other work competed for them).`,
    );

    log('EXPLAIN (ANALYZE, BUFFERS) of the list queries');
    for (const query of await explainScale(database.url, DEEP_OFFSET)) {
      const line =
        `EXPLAIN ${query.label}: ${query.plan}; ${query.executionMs.toFixed(2)} ms, ` +
        `${count(query.rows)} rows, buffers hit ${count(query.sharedHit)} read ${count(query.sharedRead)} ` +
        `— \`${query.sql.slice(0, 160)}${query.sql.length > 160 ? '…' : ''}\``;
      log(line);
      report.notes.push(line);
    }

    await startupVsRevocations(report, env, database.url, emptyStartup);
  } finally {
    await database.stop();
  }
}

/** One Warden process, its route figures after `prepare`, stopped. */
async function routesOnce(
  env: Record<string, string>,
  prepare: (warden: RunningWarden) => Promise<void> = () => Promise.resolve(),
): Promise<RouteFigures[]> {
  const warden = await startWarden(env);
  try {
    await prepare(warden);
    return await measureRoutes(warden, DEEP_OFFSET);
  } finally {
    await warden.stop();
  }
}

function reportRoutes(report: Report, empty: RouteFigures[], seeded: RouteFigures[]): void {
  seeded.forEach((after, i) => {
    const before = empty[i];
    const vsEmpty = (
      name: string,
      value: RouteFigures['p50Ms'],
      base: RouteFigures['p50Ms'],
      unit: string,
      note: string,
    ): Figure => ({
      benchmark: BENCHMARK,
      name: `${after.route}: ${name}`,
      value,
      unit,
      baseline: { name: 'empty database', value: base },
      ratio: ratio(value, base),
      note,
    });
    const p50 = vsEmpty(
      'p50 latency, seeded',
      after.p50Ms,
      before.p50Ms,
      'ms',
      'seeded ÷ empty, lower is better; goal ≤ 1.20',
    );
    report.figures.push(
      p50,
      vsEmpty(
        'p99 latency, seeded',
        after.p99Ms,
        before.p99Ms,
        'ms',
        'seeded ÷ empty, lower is better',
      ),
      vsEmpty(
        'rate, seeded',
        after.perSecond,
        before.perSecond,
        'req/s',
        `seeded ÷ empty, higher is better (≥ 0.83 is within 1.2×); ${count(after.requests)} requests`,
      ),
    );
    recordGoal(report, ROUTE_GOALS[i], p50);
  });
}

/**
 * Replica start-up time and RSS on the seeded database with each of REVOCATION_STEPS live
 * revocations, against a replica on the empty database; the idle CPU of a ready replica with
 * all and with none, which shows what holding the denylist costs between polls.
 */
async function startupVsRevocations(
  report: Report,
  env: Record<string, string>,
  url: string,
  empty: StartupFigures,
): Promise<void> {
  report.figures.push(
    {
      benchmark: STARTUP_BENCHMARK,
      name: 'replica start-up, empty database',
      value: empty.startupMs,
      unit: 'ms',
      note: 'spawn until /health/ready answers 200 (polled every 20 ms)',
    },
    {
      benchmark: STARTUP_BENCHMARK,
      name: 'replica RSS after start-up, empty database',
      value: empty.rssMB,
      unit: 'MB',
    },
  );
  const rows: string[] = [];
  const idle: string[] = [];
  for (const revocations of REVOCATION_STEPS) {
    await trimRevocations(url, revocations);
    const live = await liveRevocations(url);
    if (live !== revocations)
      throw new Error(`expected ${revocations} live revocations, found ${live}`);
    if (revocations === SCALE.revokedJtis || revocations === 0) {
      const cost = await idleCost(env, IDLE_MS);
      idle.push(
        `${count(revocations)} revocations: ${(cost.cpuShare * 100).toFixed(1)}% of a core, RSS ${Math.round(cost.rssMB)} MB after ${IDLE_MS / 1000} s`,
      );
    }
    const figures = await measureStartup(env, STARTUP_RUNS);
    log(
      `${count(revocations)} live revocations: start-up ${Math.round(figures.startupMs.median)} ms, RSS ${Math.round(figures.rssMB.median)} MB`,
    );
    rows.push(
      `${count(revocations)}: ${(figures.startupMs.median / 1000).toFixed(2)} s, ${Math.round(figures.rssMB.median)} MB`,
    );
    const startup: Figure = {
      benchmark: STARTUP_BENCHMARK,
      name: `replica start-up, seeded, ${count(revocations)} live revocations`,
      value: figures.startupMs,
      unit: 'ms',
      baseline: { name: 'empty database', value: empty.startupMs },
      ratio: ratio(figures.startupMs, empty.startupMs),
      note: 'seeded ÷ empty, lower is better',
    };
    const rss: Figure = {
      benchmark: STARTUP_BENCHMARK,
      name: `replica RSS after start-up, seeded, ${count(revocations)} live revocations`,
      value: figures.rssMB,
      unit: 'MB',
      baseline: { name: 'empty database', value: empty.rssMB },
      ratio: ratio(figures.rssMB, empty.rssMB),
      note: 'seeded ÷ empty, lower is better',
    };
    report.figures.push(startup, rss);
    if (revocations === SCALE.revokedJtis) {
      recordGoal(report, 'scale-startup', {
        ...startup,
        baseline: { name: 'goal', value: constant(STARTUP_GOAL_MS) },
        ratio: ratio(figures.startupMs, constant(STARTUP_GOAL_MS)),
      });
      recordGoal(report, 'scale-rss', {
        ...rss,
        baseline: { name: 'goal', value: constant(RSS_GOAL_MB) },
        ratio: ratio(figures.rssMB, constant(RSS_GOAL_MB)),
      });
    }
  }
  report.notes.push(
    `Replica start-up and RSS (medians of ${STARTUP_RUNS}) by live revocations on the seeded database — ` +
      `${rows.join('; ')}; empty database: ${(empty.startupMs.median / 1000).toFixed(2)} s, ` +
      `${Math.round(empty.rssMB.median)} MB.`,
    `Idle CPU of a ready replica (no requests; RevocationService polls what changed every ` +
      `KEY_RELOAD_INTERVAL = 5 s): ${idle.join('; ')}.`,
  );
}

/** More users than a page shows (20 by default), so a page of users is full on either database. */
const PAGE_OF_USERS = 25;

/** Registers PAGE_OF_USERS users through the API, as people signing up would. */
async function registerOnePage(warden: RunningWarden): Promise<void> {
  for (let i = 0; i < PAGE_OF_USERS; i += 1) {
    const name = `page.user.${i}`;
    const response = await fetch(`${warden.baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: name,
        email: `${name}@example.com`,
        password: `Page-user-password-${i}`,
      }),
    });
    if (response.status !== 201) {
      throw new Error(`POST /auth/register: ${response.status} ${await response.text()}`);
    }
  }
}
