import { closedLoop } from './lib/closed-loop';
import { load } from './lib/load';
import { Report } from './lib/results';
import { ratio, sample } from './lib/stats';
import { login, startWarden } from './lib/warden';

const BENCHMARK = 'Memory after one minute of mixed load';
const DURATION_MS = 60_000;

/**
 * RSS of one Warden process when idle and ready, then after a minute of mixed traffic: guarded
 * reads (GET /auth/me), refresh chains and password logins at once. Growth well beyond the
 * caches' bounds (verified tokens, denylist) would show a leak.
 */
export async function memoryBenchmark(report: Report): Promise<void> {
  const warden = await startWarden({ BCRYPT_COST: '10' });
  try {
    const pair = await login(warden.baseUrl, warden.adminUsername, warden.adminPassword);
    const refreshTokens = await Promise.all(
      Array.from({ length: 4 }, () =>
        login(warden.baseUrl, warden.adminUsername, warden.adminPassword).then(
          (p) => p.refresh_token,
        ),
      ),
    );
    const idle = await warden.rssBytes();
    const [reads, refreshes, logins] = await Promise.all([
      load({
        url: `${warden.baseUrl}/auth/me`,
        headers: { authorization: `Bearer ${pair.access_token}` },
        connections: 10,
        durationSeconds: DURATION_MS / 1000,
      }),
      closedLoop(4, DURATION_MS, async (worker) => {
        const response = await fetch(`${warden.baseUrl}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: refreshTokens[worker] }),
        });
        if (!response.ok) throw new Error(`refresh ${response.status}`);
        refreshTokens[worker] = (
          (await response.json()) as { refresh_token: string }
        ).refresh_token;
      }),
      closedLoop(2, DURATION_MS, async () => {
        await login(warden.baseUrl, warden.adminUsername, warden.adminPassword);
      }),
    ]);
    const loaded = await warden.rssBytes();
    const mb = (bytes: number): number => bytes / 1024 / 1024;
    const idleSample = sample([mb(idle)]);
    const loadedSample = sample([mb(loaded)]);
    report.figures.push(
      { benchmark: BENCHMARK, name: 'RSS when ready, idle', value: idleSample, unit: 'MiB' },
      {
        benchmark: BENCHMARK,
        name: 'RSS after 60 s of mixed load',
        value: loadedSample,
        unit: 'MiB',
        baseline: { name: 'idle', value: idleSample },
        ratio: ratio(loadedSample, idleSample),
        note: `${Math.round(reads.requestsPerSecond)} reads/s, ${Math.round(refreshes.perSecond)} refreshes/s, ${logins.perSecond.toFixed(1)} logins/s; ${reads.non2xx + refreshes.failures + logins.failures} failures`,
      },
    );
  } finally {
    await warden.stop();
  }
}
