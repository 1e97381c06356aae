import { join } from 'node:path';
import { expectClean, load } from './lib/load';
import { freePort, startNode } from './lib/processes';
import { Report } from './lib/results';
import { ratio, sample, Sample } from './lib/stats';
import { BenchAlgorithm, benchKey, benchToken } from './lib/tokens';

const BENCHMARK = 'Guard overhead (same Nest app, guarded ÷ unguarded)';
const RUNS = 3;
const TARGET = join(__dirname, 'apps', 'guard-target.app.js');

async function requestsPerSecond(url: string, headers: Record<string, string>): Promise<Sample> {
  await load({ url, headers, durationSeconds: 1 }); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    runs.push(expectClean(url, await load({ url, headers, durationSeconds: 3 })).requestsPerSecond);
  }
  return sample(runs);
}

/** The guarded routes measured, by path; Warden's own guard joins as `/warden`. */
export const GUARDED_ROUTES: { path: string; name: string; algorithms: BenchAlgorithm[] }[] = [
  // passport-jwt verifies through jsonwebtoken, which has no EdDSA.
  { path: '/passport', name: 'passport-jwt AuthGuard (PEM)', algorithms: ['RS256', 'ES256'] },
];

export async function guardOverheadBenchmark(report: Report): Promise<void> {
  for (const adapter of ['fastify', 'express']) {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as BenchAlgorithm[]) {
      const key = await benchKey(alg);
      const token = await benchToken(key);
      const port = await freePort();
      const target = await startNode(
        TARGET,
        [adapter, String(port), alg],
        { BENCH_PUBLIC_PEM: key.publicPem },
        /listening/,
      );
      try {
        const base = `http://127.0.0.1:${port}`;
        const unguarded = await requestsPerSecond(`${base}/unguarded`, {});
        report.figures.push({
          benchmark: BENCHMARK,
          name: `${adapter} ${alg}: unguarded`,
          value: unguarded,
          unit: 'req/s',
        });
        for (const route of GUARDED_ROUTES.filter((candidate) =>
          candidate.algorithms.includes(alg),
        )) {
          const guarded = await requestsPerSecond(`${base}${route.path}`, {
            authorization: `Bearer ${token}`,
          });
          report.figures.push({
            benchmark: BENCHMARK,
            name: `${adapter} ${alg}: ${route.name}`,
            value: guarded,
            unit: 'req/s',
            baseline: { name: 'unguarded', value: unguarded },
            ratio: ratio(guarded, unguarded),
          });
        }
      } finally {
        await target.stop();
      }
    }
  }
}
