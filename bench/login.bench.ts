import bcrypt from 'bcrypt';
import { runCount, runMs } from './lib/budget';
import { closedLoop } from './lib/closed-loop';
import { recordGoal } from './lib/goals';
import { Figure, Report } from './lib/results';
import { ratio, sample } from './lib/stats';
import { login, startWarden } from './lib/warden';

const BENCHMARK = 'Login vs the hashing limit';
const COST = 10;
const WORKERS = 16;
const RUNS = runCount(3);
const RUN_MS = runMs(3000);

/**
 * Password logins per second at saturation ÷ raw bcrypt.compare per second at the same cost with
 * the same thread pool (libuv's default 4 threads, in both processes). A login is one compare
 * plus a token signature, a refresh-token insert and an audit row, so the ratio shows what the
 * rest of the login costs next to the hash that is supposed to dominate it.
 */
export async function loginBenchmark(report: Report): Promise<void> {
  const warden = await startWarden({ BCRYPT_COST: String(COST) });
  try {
    const hash = await bcrypt.hash(warden.adminPassword, COST);
    const rawRuns: number[] = [];
    const loginRuns: number[] = [];
    await login(warden.baseUrl, warden.adminUsername, warden.adminPassword); // warm-up
    for (let run = 0; run < RUNS; run += 1) {
      const raw = await closedLoop(WORKERS, RUN_MS, async () => {
        if (!(await bcrypt.compare(warden.adminPassword, hash))) throw new Error('compare failed');
      });
      rawRuns.push(raw.perSecond);
      const logins = await closedLoop(WORKERS, RUN_MS, async () => {
        await login(warden.baseUrl, warden.adminUsername, warden.adminPassword);
      });
      if (logins.failures > 0) throw new Error(`${logins.failures} logins failed`);
      loginRuns.push(logins.perSecond);
    }
    const limit = sample(rawRuns);
    const achieved = sample(loginRuns);
    const logins: Figure = {
      benchmark: BENCHMARK,
      name: `POST /auth/login at saturation, cost ${COST}`,
      value: achieved,
      unit: 'logins/s',
      baseline: { name: 'raw bcrypt.compare', value: limit },
      ratio: ratio(achieved, limit),
      note: `${WORKERS} concurrent clients`,
    };
    report.figures.push(
      {
        benchmark: BENCHMARK,
        name: `raw bcrypt.compare, cost ${COST} (the limit)`,
        value: limit,
        unit: 'compares/s',
      },
      logins,
    );
    recordGoal(report, 'login', logins);
  } finally {
    await warden.stop();
  }
  await nonHashCost(report);
}

/**
 * The same logins at bcrypt's minimum cost, where the hash is negligible: what the rest of a
 * login (HTTP, queries, signing, audit) costs this machine, and so the ceiling it leaves for the
 * hashing-limit ratio above.
 */
async function nonHashCost(report: Report): Promise<void> {
  const warden = await startWarden({ BCRYPT_COST: '4' });
  try {
    await login(warden.baseUrl, warden.adminUsername, warden.adminPassword);
    const runs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const result = await closedLoop(WORKERS, RUN_MS, async () => {
        await login(warden.baseUrl, warden.adminUsername, warden.adminPassword);
      });
      runs.push(result.perSecond);
    }
    const value = sample(runs);
    report.figures.push({
      benchmark: BENCHMARK,
      name: 'POST /auth/login at saturation, cost 4 (hash negligible)',
      value,
      unit: 'logins/s',
      note: `the rest of a login costs ~${(1000 / value.median).toFixed(1)} ms of this 2-core machine`,
    });
  } finally {
    await warden.stop();
  }
}
