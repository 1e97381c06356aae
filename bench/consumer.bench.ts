import { join } from 'node:path';
import { measureInterleaved } from './lib/interleaved';
import { load } from './lib/load';
import { freePort } from '../test/support/ports';
import { startNode } from './lib/processes';
import { Report } from './lib/results';
import { ratio } from './lib/stats';
import { login, RunningWarden, startWarden } from './lib/warden';

const BENCHMARK = 'Consumer app (AuthModule, remote JWKS)';
const TARGET = join(__dirname, 'apps', 'consumer-target.app.js');
const MEASURED_REQUESTS = 10_000;

/** One scrape of Warden's /metrics: the sum of a counter's series, by name. */
async function scrape(warden: RunningWarden): Promise<(name: string) => number> {
  const lines = (await (await fetch(`${warden.baseUrl}/metrics`)).text()).split('\n');
  return (name) =>
    lines
      .filter((line) => line.startsWith(name))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/**
 * A Nest app guarding a route with AuthModule against a real Warden: its guarded ÷ unguarded
 * throughput, and how much of its traffic reaches Warden once warm (JWKS fetches, any request at
 * all) per 10,000 guarded requests. Expected: none; verification is local and cached.
 */
export async function consumerBenchmark(report: Report): Promise<void> {
  const warden = await startWarden();
  const port = await freePort();
  const consumer = await startNode(
    TARGET,
    [String(port)],
    { WARDEN_URL: warden.baseUrl },
    /listening/,
  );
  try {
    const { access_token } = await login(
      warden.baseUrl,
      warden.adminUsername,
      warden.adminPassword,
    );
    const base = `http://127.0.0.1:${port}`;
    const authorization = `Bearer ${access_token}`;
    const [unguarded, guarded] = await measureInterleaved([
      // Same request bytes on both routes: only the guard differs.
      { name: 'unguarded', url: `${base}/unguarded`, headers: { authorization } },
      { name: 'guarded', url: `${base}/guarded`, headers: { authorization } },
    ]);
    report.figures.push(
      {
        benchmark: BENCHMARK,
        name: 'fastify RS256: @Public() route',
        value: unguarded,
        unit: 'req/s',
      },
      {
        benchmark: BENCHMARK,
        name: 'fastify RS256: @RequiresAuth + @Permissions route',
        value: guarded,
        unit: 'req/s',
        baseline: { name: 'unguarded', value: unguarded },
        ratio: ratio(guarded, unguarded),
      },
    );

    const before = await scrape(warden);
    const result = await load({
      url: `${base}/guarded`,
      headers: { authorization },
      connections: 10,
      durationSeconds: 30,
      amount: MEASURED_REQUESTS,
    });
    const after = await scrape(warden);
    const jwks = 'warden_jwks_requests_total';
    const requests = 'warden_http_request_duration_seconds_count';
    const jwksFetches = after(jwks) - before(jwks);
    // A scrape is counted once answered: the second one sees the first.
    const reachedWarden = after(requests) - before(requests) - 1;
    report.notes.push(
      `Consumer app, after warm-up: ${result.completed} guarded requests (${result.non2xx} non-2xx) caused ${jwksFetches} JWKS fetches and ${reachedWarden} requests to Warden, hence 0 database queries on Warden's side; the consumer has no database of its own.`,
    );
  } finally {
    await consumer.stop();
    await warden.stop();
  }
}
