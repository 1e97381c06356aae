import { join } from 'node:path';
import { runMs } from './lib/budget';
import { recordGoal } from './lib/goals';
import { interleavedRounds, measureInterleaved, Route, routeRun, warmUp } from './lib/interleaved';
import { freePort } from '../test/support/ports';
import { startNode } from './lib/processes';
import { rawVerifier } from './lib/raw-verify';
import { Figure, Report } from './lib/results';
import { ratio, sample, Sample } from './lib/stats';
import { opsPerSecondSync } from './lib/throughput';
import { BenchAlgorithm, benchKey, BenchKey, benchToken } from './lib/tokens';

const BENCHMARK = 'Guard overhead (same Nest app, guarded ÷ unguarded)';
const TARGET = join(__dirname, 'apps', 'guard-target.app.js');

interface Target {
  base: string;
  stop: () => Promise<void>;
}

async function startTarget(
  adapter: string,
  key: BenchKey,
  cacheMode: 'cache' | 'nocache',
): Promise<Target> {
  const port = await freePort();
  const process = await startNode(
    TARGET,
    [adapter, String(port), key.alg, cacheMode],
    { BENCH_PUBLIC_PEM: key.publicPem, BENCH_KID: key.kid },
    /listening/,
  );
  return { base: `http://127.0.0.1:${port}`, stop: () => process.stop() };
}

/**
 * Per adapter and algorithm: the unguarded route, the usual passport-jwt guard, Warden's guard
 * with a reused token (its verified-token cache answers), and Warden's guard paying the full
 * verification on every request (cache off: the cost of a never-seen token), each against the
 * unguarded route of the same process. The full verification is also held against the crypto
 * bound 1/(1/unguarded + 1/verify): the best any verifier can do when every request brings a new
 * token, from the unguarded rate and raw crypto.verify measured in the same rounds.
 */
export async function guardOverheadBenchmark(report: Report): Promise<void> {
  for (const adapter of ['fastify', 'express']) {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as BenchAlgorithm[]) {
      const key = await benchKey(alg);
      const token = await benchToken(key);
      const authorization = `Bearer ${token}`;
      const figure = (
        name: string,
        value: Sample,
        baseline?: Sample,
        baselineName = 'unguarded',
        unit = 'req/s',
      ): Figure => {
        const entry: Figure = {
          benchmark: BENCHMARK,
          name: `${adapter} ${alg}: ${name}`,
          value,
          unit,
          ...(baseline
            ? { baseline: { name: baselineName, value: baseline }, ratio: ratio(value, baseline) }
            : {}),
        };
        report.figures.push(entry);
        return entry;
      };

      const cached = await startTarget(adapter, key, 'cache');
      try {
        const routes: Route[] = [
          { name: 'unguarded', url: `${cached.base}/unguarded`, headers: { authorization } },
          {
            name: 'Warden guard, reused token',
            url: `${cached.base}/warden`,
            headers: { authorization },
          },
          // What any Nest guard costs before it does anything: the floor for the one above.
          {
            name: 'a Nest guard that allows everything (the floor)',
            url: `${cached.base}/allow-all`,
            headers: { authorization },
          },
        ];
        // passport-jwt verifies through jsonwebtoken, which has no EdDSA.
        if (alg !== 'EdDSA') {
          routes.push({
            name: 'passport-jwt AuthGuard (PEM), the usual guard',
            url: `${cached.base}/passport`,
            headers: { authorization },
          });
        }
        const [unguarded, ...guarded] = await measureInterleaved(routes);
        figure('unguarded', unguarded);
        guarded.forEach((value, i) => {
          const entry = figure(routes[i + 1].name, value, unguarded);
          if (adapter === 'fastify' && i === 0)
            recordGoal(report, `guard-reused-${alg}` as const, entry);
        });
      } finally {
        await cached.stop();
      }

      const uncached = await startTarget(adapter, key, 'nocache');
      try {
        const routes: Route[] = [
          { name: 'unguarded', url: `${uncached.base}/unguarded`, headers: { authorization } },
          { name: 'warden', url: `${uncached.base}/warden`, headers: { authorization } },
        ];
        await warmUp(routes);
        // The raw verify runs in this process, between the load runs, while the target idles.
        const verify = rawVerifier(key, token);
        const [unguarded, guarded, verifyRate] = await interleavedRounds([
          ...routes.map((route) => routeRun(route)),
          () => Promise.resolve(opsPerSecondSync(verify, 1, runMs(1000)).median),
        ]);
        const bound = sample(unguarded.runs.map((u, i) => 1 / (1 / u + 1 / verifyRate.runs[i])));
        figure('unguarded (second process)', unguarded);
        figure('Warden guard, full verification every request', guarded, unguarded);
        figure('raw crypto.verify, same rounds', verifyRate, undefined, '', 'verifications/s');
        figure('crypto bound 1/(1/unguarded + 1/verify)', bound, unguarded);
        const versusBound = figure(
          'Warden guard, full verification ÷ the crypto bound',
          guarded,
          bound,
          'crypto bound',
        );
        if (adapter === 'fastify') recordGoal(report, `bound-${alg}` as const, versusBound);
      } finally {
        await uncached.stop();
      }
    }
  }
}
