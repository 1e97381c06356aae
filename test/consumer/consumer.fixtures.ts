import { generateKeyPairSync, sign } from 'node:crypto';
import { encodeSegment } from '../../packages/nest-auth/test/token-factory';
import { ADMIN, api } from '../admin/admin.fixtures';
import type { TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';

// Helpers of consumer.e2e-spec.ts: load, foreign tokens and OAuth client tokens.

/** Sends `count` requests, `concurrency` at a time; returns the statuses. */
export async function burst(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<Response>,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, offset) =>
      send(start + offset).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    );
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

/** A well-formed RS256 access token for `kid`, signed by a key Warden never published. */
export function foreignToken(kid: string, payload: Record<string, unknown>): string {
  const { privateKey } = foreignKey;
  const input = `${encodeSegment({ alg: 'RS256', kid, typ: 'at+jwt' })}.${encodeSegment(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

export function headerOf(token: string): { kid: string; alg: string } {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as {
    kid: string;
    alg: string;
  };
}

/** RFC 6749 §2.3.1: client id and secret form-urlencoded, then base64. */
export function basicAuth(client: { client_id: string; client_secret: string }): string {
  const pair = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

export async function clientCredentialsToken(
  warden: TestApp,
  client: { client_id: string; client_secret: string },
): Promise<string> {
  const response = await warden.request('/oauth/token', {
    method: 'POST',
    headers: {
      authorization: basicAuth(client),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
  });
  if (response.status !== 200)
    throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface ConsumerScenario {
  adminToken: string;
  /** A user holding `reports:read`. */
  readerToken: string;
  /** A user with no permission. */
  userToken: string;
  client: { client_id: string; client_secret: string };
  /** The client's client_credentials token (it holds `reports:read`). */
  serviceToken: string;
}

/** The callers of the consumer tests, made through Warden's own API. */
export async function consumerScenario(warden: TestApp): Promise<ConsumerScenario> {
  const adminToken = (await loginOk(warden, ADMIN)).access_token;
  const reader = await registeredAccount(warden);
  const patched = await api(warden, 'PATCH', `/users/${reader.id}`, adminToken, {
    permissions: ['reports:read'],
  });
  if (patched.status !== 200) throw new Error(`PATCH reader: ${patched.status}`);
  const readerToken = (await loginOk(warden, reader)).access_token;
  const userToken = (await loginOk(warden, await registeredAccount(warden))).access_token;
  const created = await api(warden, 'POST', '/clients', adminToken, {
    name: 'reports-job',
    permissions: ['reports:read'],
  });
  if (created.status !== 201) throw new Error(`POST /clients: ${created.status}`);
  const client = (await created.json()) as ConsumerScenario['client'];
  const serviceToken = await clientCredentialsToken(warden, client);
  return { adminToken, readerToken, userToken, client, serviceToken };
}
