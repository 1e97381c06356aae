import { expectClean, load } from './load';
import { sample, Sample } from './stats';

export interface Route {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * Round-robin over the routes, run after run, so a burst of load from elsewhere on the machine
 * hits the baseline and the measured route alike and the pairwise ratios stay fair.
 */
export async function measureInterleaved(
  routes: Route[],
  runs = 3,
  runSeconds = 2,
): Promise<Sample[]> {
  for (const route of routes)
    await load({ url: route.url, headers: route.headers, durationSeconds: 1 });
  const results: number[][] = routes.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, route] of routes.entries()) {
      const result = await load({
        url: route.url,
        headers: route.headers,
        durationSeconds: runSeconds,
      });
      results[i].push(expectClean(route.url, result).requestsPerSecond);
    }
  }
  return results.map((values) => sample(values));
}
