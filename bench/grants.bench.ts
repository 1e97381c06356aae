import { runCount, runMs } from './lib/budget';
import { closedLoop } from './lib/closed-loop';
import { constant, recordGoal } from './lib/goals';
import { interleavedRounds } from './lib/interleaved';
import { expectClean, load } from './lib/load';
import { startOidcPeer } from './lib/oidc-peer';
import { Figure, Report } from './lib/results';
import { ratio, sample, Sample } from './lib/stats';
import { clientCredentialsRequest, expectJwtGrant, TokenGrant } from './lib/token-grant';
import { login, RunningWarden, startWarden } from './lib/warden';

const BENCHMARK = 'Grants per second (one Warden process, keep-alive)';
const WORKERS = 16;
const RUNS = runCount(3);
const RUN_MS = runMs(3000);
/** The performance issue's goal for refresh grants on one Warden process. */
const REFRESH_GOAL = 1000;

/**
 * Refresh and client_credentials grants per second, with RS256 (slow to sign) and ES256 (fast to
 * sign) keys: if the rate rises with the cheaper signature, signing dominates; if not, the
 * database does. Each worker follows its own refresh chain, as a real client does. With RS256,
 * client_credentials runs interleave with node-oidc-provider's, the peer, under the same load.
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
      const value = await refreshRate(
        warden,
        chains.map((pair) => pair.refresh_token),
      );
      rates.set(alg, value.median);
      const refresh: Figure = {
        benchmark: BENCHMARK,
        name: `POST /auth/refresh, ${alg} signing key`,
        value,
        unit: 'grants/s',
        baseline: { name: 'goal', value: constant(REFRESH_GOAL) },
        ratio: ratio(value, constant(REFRESH_GOAL)),
        note: `${WORKERS} clients, each on its own rotating refresh chain; one process for Warden`,
      };
      report.figures.push(refresh);
      if (alg === 'RS256') recordGoal(report, 'refresh', refresh);

      const client = await createClient(warden.baseUrl, chains[0].access_token);
      const grant = clientCredentialsRequest(
        `${warden.baseUrl}/oauth/token`,
        client.client_id,
        client.client_secret,
      );
      if (alg === 'RS256') await againstPeer(report, grant);
      else {
        await load({ ...grant, connections: WORKERS, durationSeconds: 1 }); // warm-up
        const [rate] = await interleavedRounds([grantRun(grant)], RUNS);
        report.figures.push({
          benchmark: BENCHMARK,
          name: `POST /oauth/token client_credentials, ${alg} signing key`,
          value: rate,
          unit: 'grants/s',
          note: `${WORKERS} connections (autocannon), one process for Warden`,
        });
      }
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

/** Refresh grants per second: each worker sends the refresh token its previous response returned. */
async function refreshRate(warden: RunningWarden, tokens: string[]): Promise<Sample> {
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
  return sample(runs);
}

/** One clean autocannon run of a token request, 16 connections: grants per second. */
function grantRun(grant: TokenGrant): () => Promise<number> {
  return async () => {
    const result = await load({ ...grant, connections: WORKERS, durationSeconds: RUN_MS / 1000 });
    return expectClean(grant.url, result).requestsPerSecond;
  };
}

/**
 * Warden's RS256 client_credentials grant against node-oidc-provider 9's, both issuing RS256 JWT
 * access tokens, each in its own process, the same load tool and connections, runs interleaved.
 */
async function againstPeer(report: Report, warden: TokenGrant): Promise<void> {
  const peer = await startOidcPeer();
  try {
    report.notes.push(
      await expectJwtGrant('Warden client_credentials', warden, 'RS256'),
      await expectJwtGrant('node-oidc-provider client_credentials', peer.grant, 'RS256'),
    );
    for (const grant of [warden, peer.grant])
      await load({ ...grant, connections: WORKERS, durationSeconds: 1 }); // warm-up
    const [ours, theirs] = await interleavedRounds([grantRun(warden), grantRun(peer.grant)], RUNS);
    const note = `${WORKERS} connections (autocannon), one process each`;
    const versusPeer: Figure = {
      benchmark: BENCHMARK,
      name: 'POST /oauth/token client_credentials, RS256 signing key',
      value: ours,
      unit: 'grants/s',
      baseline: { name: 'node-oidc-provider 9', value: theirs },
      ratio: ratio(ours, theirs),
      note,
    };
    report.figures.push(
      {
        benchmark: BENCHMARK,
        name: 'node-oidc-provider 9 client_credentials, RS256 JWT access tokens (the peer)',
        value: theirs,
        unit: 'grants/s',
        note: `${note}, in-memory adapter`,
      },
      versusPeer,
    );
    recordGoal(report, 'client-credentials-peer', versusPeer);
  } finally {
    await peer.stop();
  }
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
