import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpPlatform } from '../../examples/consumer-app/src/http-adapter';
import type { AuthModuleOptions } from '../../packages/nest-auth/src';
import { ADMIN, ADMIN_ENV, api } from '../admin/admin.fixtures';
import { freePort } from '../support/ports';
import { createTestApp, TestApp } from '../support/test-app';
import { eventually } from '../support/timing';
import { loginOk } from '../tokens/session.fixtures';
import { ConsumerApp, consumerLogs, withConsumer } from './consumer-app';
import { JwksProxy } from './jwks-proxy';
import { WallClock } from './wall-clock';

/** The consumers' jwksWaitTimeout, in ms: short, so the wait bound is cheap to observe. */
const WAIT_MS = 1000;
const MAX_AGE = 60;

function kidOf(token: string): string {
  const header = Buffer.from(token.split('.')[0], 'base64url').toString('utf8');
  return (JSON.parse(header) as { kid: string }).kid;
}

/** Sends the requests together; returns their statuses in order. */
async function statusesOf(count: number, send: () => Promise<Response>): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: count }, send));
  await Promise.all(responses.map((response) => response.arrayBuffer()));
  return responses.map((response) => response.status);
}

/** Polls every 100 ms until a 200 or the deadline; returns every status seen. */
async function pollUntilOk(send: () => Promise<Response>, deadlineMs: number): Promise<number[]> {
  const seen: number[] = [];
  const giveUpAt = performance.now() + deadlineMs;
  while (seen.at(-1) !== 200 && performance.now() < giveUpAt) {
    const response = await send();
    await response.arrayBuffer();
    seen.push(response.status);
    if (response.status !== 200) await sleep(100);
  }
  return seen;
}

describe('JWKS resilience: a consumer never refuses a valid token for a rotation or an outage', () => {
  let warden: TestApp;
  let jwksUri: string;

  beforeAll(async () => {
    warden = await createTestApp({ ...ADMIN_ENV });
    jwksUri = `${warden.baseUrl}/.well-known/jwks.json`;
  });
  afterAll(() => warden?.close());

  /** Library defaults (1 s cooldown) but a short wait bound, on the wall clock. */
  function consumerOptions(overrides: Partial<AuthModuleOptions> = {}): AuthModuleOptions {
    return {
      issuer: warden.config.jwt.issuer,
      audience: warden.config.jwt.audience,
      jwksUri,
      algorithms: ['RS256'],
      jwksCacheMaxAge: MAX_AGE,
      jwksWaitTimeout: WAIT_MS,
      clock: new WallClock(),
      ...overrides,
    };
  }

  const adminToken = async (): Promise<string> => (await loginOk(warden, ADMIN)).access_token;

  /** Two rotations back to back: the key the second activates was created by the first. */
  async function rotateTwice(): Promise<void> {
    const token = await adminToken();
    for (let round = 0; round < 2; round++) {
      expect((await api(warden, 'POST', '/keys/rotate', token, {})).status).toBe(200);
    }
  }

  describe.each<HttpPlatform>(['express', 'fastify'])('on %s', (platform) => {
    it('accepts tokens of a key two quick rotations activated, from the first request on', async () => {
      await withConsumer(platform, consumerOptions(), async (consumer: ConsumerApp) => {
        const jwks = consumer.jwks!;
        expect((await consumer.request('/me', await adminToken())).status).toBe(200);
        // The worst moment: the consumer fetched just now, so its cooldown has not passed.
        await jwks.refresh();
        const fetchesBefore = jwks.fetchCount;

        await rotateTwice();
        const newest = await adminToken();
        expect(jwks.status().kids).not.toContain(kidOf(newest));
        const statuses = await statusesOf(20, () => consumer.request('/me', newest));

        expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
        expect(jwks.fetchCount - fetchesBefore).toBe(1);

        // With the cooldown behind it, the next new key costs no wait at all.
        consumer.clock.advance(1);
        await rotateTwice();
        const next = await adminToken();
        const askedAt = performance.now();
        const first = await consumer.request('/me', next);

        expect(first.status).toBe(200);
        expect(performance.now() - askedAt).toBeLessThan(WAIT_MS);
        expect(jwks.fetchCount - fetchesBefore).toBe(2);
      });
    });

    it('answers 503 with Retry-After while the JWKS is down at start-up, then 200 soon after it is up', async () => {
      const port = await freePort(); // nothing listens there yet: an issuer that is down
      const downUri = `http://127.0.0.1:${port}/.well-known/jwks.json`;
      const proxy = new JwksProxy(jwksUri);
      try {
        await withConsumer(platform, consumerOptions({ jwksUri: downUri }), async (consumer) => {
          const token = await adminToken();

          const refused = await consumer.request('/me', token);
          expect(refused.status).toBe(503);
          expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          expect(await refused.json()).toMatchObject({
            statusCode: 503,
            code: 'ERR_KEYS_UNAVAILABLE',
          });
          expect(consumer.health.check()).toMatchObject({ jwks: { status: 'down', keyCount: 0 } });

          await proxy.listen(port);
          const upAt = performance.now();
          const seen = await pollUntilOk(() => consumer.request('/me', token), 5000);
          const recoveredMs = performance.now() - upAt;

          expect(seen.at(-1)).toBe(200);
          expect(seen.filter((status) => status !== 503 && status !== 200)).toEqual([]);
          expect(recoveredMs).toBeLessThan(2500);
          // One warning for the outage however many retries failed, one line for the recovery.
          const lines = consumerLogs.lines.filter((line) => line.includes(downUri));
          expect(lines.filter((line) => line.startsWith('warn:'))).toHaveLength(1);
          expect(lines.filter((line) => line.includes('reachable again'))).toHaveLength(1);
        });
      } finally {
        await proxy.close();
      }
    });

    it('answers known kids at once while the JWKS hangs, and an unknown kid within the wait bound', async () => {
      const proxy = new JwksProxy(jwksUri);
      const proxyUri = await proxy.listen();
      try {
        await withConsumer(platform, consumerOptions({ jwksUri: proxyUri }), async (consumer) => {
          const known = await adminToken();
          expect((await consumer.request('/me', known)).status).toBe(200);
          await rotateTwice();
          const unknown = await adminToken();
          proxy.hanging = true;
          consumer.clock.advance(MAX_AGE + 1);

          const askedAt = performance.now();
          const statuses = await statusesOf(20, () => consumer.request('/me', known));
          const knownMs = performance.now() - askedAt;

          expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
          // The stale set started a refresh, which now hangs; the answers did not wait for it.
          await eventually(() => expect(proxy.heldRequests).toBeGreaterThan(0), 2000);
          expect(knownMs).toBeLessThan(WAIT_MS);

          const waitFrom = performance.now();
          const waited = await consumer.request('/me', unknown);
          const waitedMs = performance.now() - waitFrom;

          expect(waited.status).toBe(503);
          expect(waited.headers.get('retry-after')).toBe('1');
          expect(await waited.json()).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE' });
          expect(waitedMs).toBeGreaterThanOrEqual(WAIT_MS - 50);
          expect(waitedMs).toBeLessThan(WAIT_MS + 1000);
          expect((await consumer.request('/me', known)).status).toBe(200);
        });
      } finally {
        await proxy.close();
      }
    });
  });
});
