import { closedLoop } from './lib/closed-loop';
import { expectClean, load } from './lib/load';
import { Report } from './lib/results';
import { sample } from './lib/stats';
import { login, startWarden } from './lib/warden';

const BENCHMARK = 'Grants per second (one Warden process, keep-alive)';
const WORKERS = 16;
const RUNS = 3;
const RUN_MS = 3000;

/**
 * Refresh and client_credentials grants per second, with RS256 (slow to sign) and ES256 (fast to sign) keys: if the
 * rate rises with the cheaper signature, signing dominates; if not, the database does. Each
 * worker follows its own refresh chain, as a real client does.
 */
export async function grantsBenchmark(report: Report): Promise<void> {
  const rates = new Map<string, number>();
  for (const alg of ['RS256', 'ES256']) {
    const warden = await startWarden({ SIGNING_ALG: alg, BCRYPT_COST: '4' });
    try {
      const chains = await Promise.all(
        Array.from({ length: WORKERS }, () =>
          login(warden.baseUrl, warden.adminUsername, warden.adminPassword),
        ),
      );
      const tokens = chains.map((pair) => pair.refresh_token);
      const refresh = async (worker: number): Promise<void> => {
        const response = await fetch(`${warden.baseUrl}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: tokens[worker] }),
        });
        if (!response.ok) throw new Error(`refresh: ${response.status}`);
        tokens[worker] = ((await response.json()) as { refresh_token: string }).refresh_token;
      };
      await closedLoop(WORKERS, 1000, refresh); // warm-up
      const runs: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const result = await closedLoop(WORKERS, RUN_MS, refresh);
        if (result.failures > 0) throw new Error(`${result.failures} refreshes failed`);
        runs.push(result.perSecond);
      }
      const value = sample(runs);
      rates.set(alg, value.median);
      report.figures.push({
        benchmark: BENCHMARK,
        name: `POST /auth/refresh, ${alg} signing key`,
        value,
        unit: 'grants/s',
        note: `${WORKERS} clients, one core for Warden`,
      });

      const client = await createClient(warden.baseUrl, chains[0].access_token);
      const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
      const tokenRequest = {
        url: `${warden.baseUrl}/oauth/token`,
        method: 'POST' as const,
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
        connections: WORKERS,
      };
      await load({ ...tokenRequest, durationSeconds: 1 }); // warm-up
      const grantRuns: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        grantRuns.push(
          expectClean(
            'client_credentials',
            await load({ ...tokenRequest, durationSeconds: RUN_MS / 1000 }),
          ).requestsPerSecond,
        );
      }
      report.figures.push({
        benchmark: BENCHMARK,
        name: `POST /oauth/token client_credentials, ${alg} signing key`,
        value: sample(grantRuns),
        unit: 'grants/s',
        note: `${WORKERS} connections (autocannon), one core for Warden`,
      });
    } finally {
      await warden.stop();
    }
  }
  const rs = rates.get('RS256') ?? 0;
  const es = rates.get('ES256') ?? 0;
  report.notes.push(
    `Refresh grants: ${Math.round(rs)}/s with RS256 vs ${Math.round(es)}/s with ES256 signing keys. ` +
      (es > rs * 1.3
        ? 'The cheaper signature raises the rate markedly, so RS256 signing dominates a refresh.'
        : 'The cheaper signature barely changes the rate, so the database round trips dominate a refresh.'),
  );
}

async function createClient(
  baseUrl: string,
  adminToken: string,
): Promise<{ client_id: string; client_secret: string }> {
  const response = await fetch(`${baseUrl}/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', permissions: ['reports:read'] }),
  });
  if (response.status !== 201)
    throw new Error(`POST /clients: ${response.status} ${await response.text()}`);
  return (await response.json()) as { client_id: string; client_secret: string };
}
