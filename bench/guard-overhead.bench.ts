import { join } from 'node:path';
import { measureInterleaved, Route } from './lib/interleaved';
import { freePort } from '../test/support/ports';
import { startNode } from './lib/processes';
import { Report } from './lib/results';
import { ratio, Sample } from './lib/stats';
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
 * unguarded route of the same process.
 */
export async function guardOverheadBenchmark(report: Report): Promise<void> {
  for (const adapter of ['fastify', 'express']) {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as BenchAlgorithm[]) {
      const key = await benchKey(alg);
      const authorization = `Bearer ${await benchToken(key)}`;
      const figure = (name: string, value: Sample, unguarded?: Sample): void => {
        report.figures.push({
          benchmark: BENCHMARK,
          name: `${adapter} ${alg}: ${name}`,
          value,
          unit: 'req/s',
          ...(unguarded
            ? { baseline: { name: 'unguarded', value: unguarded }, ratio: ratio(value, unguarded) }
            : {}),
        });
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
        guarded.forEach((value, i) => figure(routes[i + 1].name, value, unguarded));
      } finally {
        await cached.stop();
      }

      const uncached = await startTarget(adapter, key, 'nocache');
      try {
        const [unguarded, guarded] = await measureInterleaved([
          { name: 'unguarded', url: `${uncached.base}/unguarded`, headers: { authorization } },
          { name: 'warden', url: `${uncached.base}/warden`, headers: { authorization } },
        ]);
        figure('unguarded (second process)', unguarded);
        figure('Warden guard, full verification every request', guarded, unguarded);
      } finally {
        await uncached.stop();
      }
    }
  }
}
