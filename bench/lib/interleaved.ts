import { runCount, runMs } from './budget';
import { expectClean, load } from './load';
import { sample, Sample } from './stats';

export interface Route {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * Round-robin over the measurements, run after run, so a burst of load from elsewhere on the
 * machine hits the baseline and the measured figure alike and the pairwise ratios stay fair:
 * run i of every figure was measured within seconds of run i of the others.
 */
export async function interleavedRounds(
  measurements: (() => Promise<number>)[],
  runs = runCount(3),
): Promise<Sample[]> {
  const results: number[][] = measurements.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, measure] of measurements.entries()) results[i].push(await measure());
  }
  return results.map((values) => sample(values));
}

/** One clean autocannon run of a route: its requests per second. */
export function routeRun(route: Route, runSeconds = runMs(2000) / 1000): () => Promise<number> {
  return async () => {
    const result = await load({
      url: route.url,
      headers: route.headers,
      durationSeconds: runSeconds,
    });
    return expectClean(route.url, result).requestsPerSecond;
  };
}

/** A second of load on each route first: JIT, connection pools and caches warm. */
export async function warmUp(routes: Route[]): Promise<void> {
  for (const route of routes)
    await load({ url: route.url, headers: route.headers, durationSeconds: 1 });
}

/** Interleaved autocannon runs over the routes, after a warm-up of each. */
export async function measureInterleaved(
  routes: Route[],
  runs = runCount(3),
  runSeconds = runMs(2000) / 1000,
): Promise<Sample[]> {
  await warmUp(routes);
  return interleavedRounds(
    routes.map((route) => routeRun(route, runSeconds)),
    runs,
  );
}
