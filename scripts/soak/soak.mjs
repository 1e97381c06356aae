// Soak test: `npm run soak` (SOAK_SECONDS, default 60; SOAK_WORKERS, default 8). Starts embedded
// PostgreSQL and the compiled service with production-like settings on loopback, drives mixed
// traffic (logins, refreshes, guarded reads, introspection, the JWKS, one rotation halfway),
// then reports 5xx answers, valid tokens refused and the service's RSS at start and end. Exits 1
// on any 5xx or refused valid token; stops everything it started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { EmbeddedDatabase } = require(join(root, 'dist', 'src', 'database', 'embedded-database.js'));

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 8);
const ADMIN = { username: 'soak-admin', password: `soak admin ${randomBytes(6).toString('hex')}` };

const stats = { requests: 0, byRoute: {}, serverErrors: [], validRefused: [], rotated: false };

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startWarden(databaseUrl, port) {
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      // One client address drives all the traffic: lift the per-IP limit, not the rest.
      THROTTLE_LIMIT: '1000000',
      BCRYPT_COST: process.env.SOAK_BCRYPT_COST ?? '10',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Warden exited:\n${output}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, base, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Warden not ready within 60 s:\n${output}`);
}

async function request(base, route, method, path, { token, body, basic } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (basic) headers.authorization = `Basic ${basic}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  stats.requests++;
  stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  if (response.status >= 500)
    stats.serverErrors.push(`${route} ${response.status} ${text.slice(0, 200)}`);
  return { status: response.status, json: () => JSON.parse(text) };
}

async function worker(base, index, until, client) {
  const username = `soak.${index}.${randomBytes(3).toString('hex')}`;
  const password = `soak password ${randomBytes(6).toString('hex')}`;
  const registered = await request(base, 'register', 'POST', '/auth/register', {
    body: { username, email: `${username}@example.com`, password },
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  let pair = (
    await request(base, 'login', 'POST', '/auth/login', { body: { username, password } })
  ).json();
  while (Date.now() < until) {
    const roll = Math.random();
    if (roll < 0.6) {
      const me = await request(base, 'me', 'GET', '/auth/me', { token: pair.access_token });
      if (me.status === 401) stats.validRefused.push(`me: ${JSON.stringify(me.json())}`);
    } else if (roll < 0.8) {
      const next = await request(base, 'refresh', 'POST', '/auth/refresh', {
        body: { refresh_token: pair.refresh_token },
      });
      if (next.status === 200) pair = next.json();
      else if (next.status === 401)
        stats.validRefused.push(`refresh: ${JSON.stringify(next.json())}`);
    } else if (roll < 0.9 && client) {
      const answer = await request(base, 'introspect', 'POST', '/oauth/introspect', {
        basic: client,
        body: { token: pair.access_token },
      });
      if (answer.status === 200 && answer.json().active !== true) {
        stats.validRefused.push('introspect: active false for a live token');
      }
    } else if (roll < 0.95) {
      await request(base, 'jwks', 'GET', '/.well-known/jwks.json');
    } else {
      const login = await request(base, 'login', 'POST', '/auth/login', {
        body: { username, password },
      });
      if (login.status === 200) pair = login.json();
      else if (login.status === 401) stats.validRefused.push('login: valid credentials refused');
    }
  }
}

async function introspectionClient(base, adminToken) {
  const created = await request(base, 'clients', 'POST', '/clients', {
    token: adminToken,
    body: { name: 'soak introspection', permissions: [] },
  });
  if (created.status !== 201) return undefined; // no OAuth surface in this build
  const { client_id, client_secret } = created.json();
  return Buffer.from(
    `${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`,
  ).toString('base64');
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'warden-soak-'));
  await chmod(dir, 0o755);
  let database;
  let warden;
  let failed = false;
  try {
    database = await EmbeddedDatabase.start(join(dir, 'pg'), { log: () => {}, warn: console.warn });
    warden = await startWarden(database.url, await freePort());
    const { base } = warden;
    const rssStart = await rssOf(warden.child.pid);
    const admin = (await request(base, 'login', 'POST', '/auth/login', { body: ADMIN })).json();
    const client = await introspectionClient(base, admin.access_token);
    const started = Date.now();
    const until = started + SECONDS * 1000;
    const rotation = new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 2)).then(
      async () => {
        const fresh = (await request(base, 'login', 'POST', '/auth/login', { body: ADMIN })).json();
        const rotated = await request(base, 'rotate', 'POST', '/keys/rotate', {
          token: fresh.access_token,
          body: {},
        });
        stats.rotated = rotated.status === 200 && rotated.json().rotated === true;
      },
    );
    await Promise.all([
      ...Array.from({ length: WORKERS }, (_, index) => worker(base, index, until, client)),
      rotation,
    ]);
    const elapsed = (Date.now() - started) / 1000;
    const rssEnd = await rssOf(warden.child.pid);
    const report = {
      seconds: Math.round(elapsed),
      workers: WORKERS,
      requests: stats.requests,
      requestsPerSecond: Math.round(stats.requests / elapsed),
      byRoute: stats.byRoute,
      introspection: client ? 'on' : 'not available',
      rotatedHalfway: stats.rotated,
      serverErrors: stats.serverErrors.length,
      validTokensRefused: stats.validRefused.length,
      rssMegabytes: { start: rssStart, end: rssEnd },
    };
    console.log(JSON.stringify(report, null, 2));
    for (const line of [...stats.serverErrors, ...stats.validRefused].slice(0, 20))
      console.error(line);
    failed = stats.serverErrors.length > 0 || stats.validRefused.length > 0 || !stats.rotated;
    if (failed) console.error('SOAK FAILED');
    else console.log('Soak passed: zero 5xx, zero valid tokens refused, one rotation.');
  } catch (error) {
    console.error(error);
    if (warden) console.error(warden.output().slice(-2000));
    failed = true;
  } finally {
    if (warden && warden.child.exitCode === null) {
      const exited = new Promise((resolve) => warden.child.once('exit', resolve));
      warden.child.kill('SIGTERM');
      await exited;
    }
    await database?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
  process.exit(failed ? 1 : 0);
}

await main();
