import { encodePageCursor } from '../../src/common/page-cursor';
import { runCount, runMs } from './budget';
import { sample, Sample } from './stats';
import { timedLoop } from './timed-loop';
import { login, RunningWarden } from './warden';

/** A few clients, as the brief's closed loop asks: latency, not saturation, is what is compared. */
const WORKERS = 4;
const RUNS = runCount(3);
const RUN_MS = runMs(2000);
const WARM_UP_MS = runMs(1000);

/** One route's figures: the median over RUNS of each run's p50, p99 and rate. */
export interface RouteFigures {
  route: string;
  p50Ms: Sample;
  p99Ms: Sample;
  perSecond: Sample;
  requests: number;
}

interface Route {
  route: string;
  step: (worker: number) => Promise<void>;
}

async function expectOk(response: Response, route: string): Promise<string> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${route}: ${response.status} ${body.slice(0, 200)}`);
  return body;
}

/**
 * `after` for a page deep in a list: the next_cursor of the page at `offset`, as a client
 * walking the list would hold. On the empty database that page is empty and has no cursor;
 * then a cursor of the same shape placed before every row (`fallback`) is used, so the same
 * keyset query runs there too.
 */
async function deepCursor(url: string, token: string, fallback: string): Promise<string> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const page = JSON.parse(await expectOk(response, url)) as { next_cursor: string | null };
  return page.next_cursor ?? fallback;
}

/**
 * p50/p99 latency and rate of the routes whose cost could grow with the tables: login (bcrypt
 * dominated, so a few dozen per run), refresh (each worker on its own rotating chain, as in
 * grants.bench.ts), /auth/me, and the first and a deep page of /users and /audit, by offset
 * and by cursor. Each route gets a warm-up, then RUNS closed-loop runs of WORKERS clients.
 */
export async function measureRoutes(
  warden: RunningWarden,
  deepOffset: number,
): Promise<RouteFigures[]> {
  const { baseUrl, adminUsername, adminPassword } = warden;
  const admin = await login(baseUrl, adminUsername, adminPassword);
  const auth = { authorization: `Bearer ${admin.access_token}` };
  const chains = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      login(baseUrl, adminUsername, adminPassword).then((pair) => pair.refresh_token),
    ),
  );
  const usersCursor = await deepCursor(
    `${baseUrl}/users?offset=${deepOffset}`,
    admin.access_token,
    encodePageCursor({
      at: '1970-01-01T00:00:00.000000Z',
      id: '00000000-0000-4000-8000-000000000000',
    }),
  );
  const auditCursor = await deepCursor(
    `${baseUrl}/audit?offset=${deepOffset}`,
    admin.access_token,
    encodePageCursor({ at: '9999-12-31T00:00:00.000000Z', id: '9223372036854775807' }),
  );
  const deep = deepOffset.toLocaleString('en-US');
  const get =
    (route: string, path: string): Route['step'] =>
    async () => {
      await expectOk(await fetch(`${baseUrl}${path}`, { headers: auth }), route);
    };
  const routes: Route[] = [
    {
      route: 'POST /auth/login',
      step: async () => {
        await login(baseUrl, adminUsername, adminPassword);
      },
    },
    {
      route: 'POST /auth/refresh',
      step: async (worker) => {
        const response = await fetch(`${baseUrl}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: chains[worker] }),
        });
        const body = await expectOk(response, 'POST /auth/refresh');
        chains[worker] = (JSON.parse(body) as { refresh_token: string }).refresh_token;
      },
    },
    { route: 'GET /auth/me', step: get('GET /auth/me', '/auth/me') },
    { route: 'GET /users, first page', step: get('GET /users', '/users') },
    {
      route: `GET /users?offset=${deep}`,
      step: get('GET /users?offset', `/users?offset=${deepOffset}`),
    },
    {
      route: `GET /users?after= (cursor at ${deep})`,
      step: get('GET /users?after', `/users?after=${usersCursor}`),
    },
    { route: 'GET /audit, first page', step: get('GET /audit', '/audit') },
    {
      route: `GET /audit?offset=${deep}`,
      step: get('GET /audit?offset', `/audit?offset=${deepOffset}`),
    },
    {
      route: `GET /audit?after= (cursor at ${deep})`,
      step: get('GET /audit?after', `/audit?after=${auditCursor}`),
    },
  ];
  const figures: RouteFigures[] = [];
  for (const { route, step } of routes) {
    await timedLoop(WORKERS, WARM_UP_MS, step);
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      const result = await timedLoop(WORKERS, RUN_MS, step);
      if (result.failures > 0 || result.completed === 0) {
        // One more request, outside the loop, to say why.
        await step(0);
        throw new Error(`${route}: ${result.failures} failures in ${result.completed} requests`);
      }
      runs.push(result);
    }
    figures.push({
      route,
      p50Ms: sample(runs.map((run) => run.p50Ms)),
      p99Ms: sample(runs.map((run) => run.p99Ms)),
      perSecond: sample(runs.map((run) => run.perSecond)),
      requests: runs.reduce((sum, run) => sum + run.completed, 0),
    });
    process.stdout.write(
      `[bench] scale:   ${route}: p50 ${figures.at(-1)?.p50Ms.median.toFixed(2)} ms, ` +
        `p99 ${figures.at(-1)?.p99Ms.median.toFixed(2)} ms, ${Math.round(figures.at(-1)?.perSecond.median ?? 0)}/s\n`,
    );
  }
  return figures;
}
