import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/ports';
import { startNode } from './processes';

// The service as `npm run build` compiles it (dist/), not the benchmark build of its sources.
const ENTRY = join(__dirname, '..', '..', '..', 'dist', 'src', 'main.js');

export interface RunningWarden {
  baseUrl: string;
  pid: number;
  adminUsername: string;
  adminPassword: string;
  /** From spawning the process until /health/ready answered 200 (at the readiness poll's grain). */
  startupMs: number;
  rssBytes: () => Promise<number>;
  stop: () => Promise<void>;
}

/**
 * The compiled service on its own embedded PostgreSQL (or `env.DATABASE_URL`), with production
 * settings except for the limits a load test would trip on purpose (per-IP throttling, account
 * lockout). `env` may fix ADMIN_USERNAME / ADMIN_PASSWORD / KEY_ENCRYPTION_KEY, so that a restart
 * on the same database logs in as the same administrator and unseals the same keys.
 */
export async function startWarden(
  env: Record<string, string> = {},
  { readyPollMs = 200 }: { readyPollMs?: number } = {},
): Promise<RunningWarden> {
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-bench-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const adminUsername = env.ADMIN_USERNAME ?? 'bench-admin';
  const adminPassword = env.ADMIN_PASSWORD ?? `Bench-${randomBytes(12).toString('base64url')}`;
  const spawnedAt = performance.now();
  const process = await startNode(
    ENTRY,
    [],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      JWT_ISSUER: `http://127.0.0.1:${port}`,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      BCRYPT_COST: '10',
      THROTTLE_LIMIT: '100000000',
      LOGIN_MAX_ATTEMPTS: '100000000',
      ADMIN_USERNAME: adminUsername,
      ADMIN_PASSWORD: adminPassword,
      ...env,
    },
    // Quiet logs (warn) keep logging out of the measurements, so readiness is polled instead.
    () => isReady(`http://127.0.0.1:${port}`),
    60000,
    readyPollMs,
  );
  const startupMs = performance.now() - spawnedAt;
  const baseUrl = `http://127.0.0.1:${port}`;
  const pid = process.child.pid ?? 0;
  return {
    baseUrl,
    pid,
    adminUsername,
    adminPassword,
    startupMs,
    rssBytes: async () => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kib * 1024;
    },
    stop: async () => {
      await process.stop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

function isReady(baseUrl: string): Promise<boolean> {
  return fetch(`${baseUrl}/health/ready`).then(
    (response) => response.ok,
    () => false,
  );
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export async function login(
  baseUrl: string,
  username: string,
  password: string,
): Promise<TokenPair> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenPair;
}
