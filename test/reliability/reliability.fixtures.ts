import { randomBytes } from 'node:crypto';
import { startService, ServiceProcess } from '../support/service-process';

export const ADMIN_USERNAME = 'root';
export const ADMIN_PASSWORD = 'replica drill secret 1';

/** Settings shared by every replica: one key encryption key, an admin, a short reload bound. */
export function replicaEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: databaseUrl,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ADMIN_USERNAME,
    ADMIN_PASSWORD,
    THROTTLE_LIMIT: '100000',
    KEY_RELOAD_INTERVAL: '2',
    ...extra,
  };
}

/** Starts the compiled service `count` times at once and waits until every one listens. */
export async function startReplicas(
  count: number,
  env: Record<string, string>,
): Promise<ServiceProcess[]> {
  const replicas = await Promise.all(Array.from({ length: count }, () => startService(env)));
  await Promise.all(replicas.map((replica) => replica.waitFor(/Warden is listening/, 60000)));
  return replicas;
}

export interface Pair {
  access_token: string;
  refresh_token: string;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

export async function loginAt(baseUrl: string, username: string, password: string): Promise<Pair> {
  const response = await call(baseUrl, 'POST', '/auth/login', { body: { username, password } });
  if (response.status !== 200)
    throw new Error(`login: ${response.status} ${await response.text()}`);
  return (await response.json()) as Pair;
}

/** Registers a fresh user at `baseUrl` and logs it in there. */
export async function newSession(
  baseUrl: string,
): Promise<Pair & { id: string; password: string }> {
  const suffix = randomBytes(4).toString('hex');
  const password = `replica user ${suffix}`;
  const username = `replica.${suffix}`;
  const created = await call(baseUrl, 'POST', '/auth/register', {
    body: { username, email: `${username}@example.com`, password },
  });
  if (created.status !== 201) throw new Error(`register: ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  return { ...(await loginAt(baseUrl, username, password)), id, password };
}

export function statusOf(baseUrl: string, token: string): Promise<number> {
  return call(baseUrl, 'GET', '/auth/me', { token }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}
