import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { HttpPlatform } from '../../examples/consumer-app/src/http-adapter';
import { FakeClock } from '../../src/common/fake-clock';
import type { JwsAlgorithm } from '../../packages/nest-auth/src';
import { ConsumerApp, startConsumer } from '../consumer/consumer-app';
import { AttackTarget, attackTarget } from './support/attack-target';
import { FetchListener, startFetchListener } from './support/fetch-listener';
import { attackerJwk, HostileToken, hostileTokens } from './support/hostile-catalogue';

const COOLDOWN = 30;

/**
 * The attack suite at the consumer example (examples/consumer-app): its AuthModule verifies
 * Warden's tokens from the JWKS alone, on Express and on Fastify. Every hostile token is a 401
 * with `error="invalid_token"` (never a 500, never a 200), nothing a token points at is fetched,
 * and a flood of unknown kids costs at most one JWKS fetch per cooldown.
 */
describe.each<JwsAlgorithm>(['RS256', 'ES256'])(
  'attack suite: the consumer example verifying Warden %s tokens',
  (alg) => {
    let warden: AttackTarget;
    let listener: FetchListener;
    let publicJwk: Record<string, unknown>;

    beforeAll(async () => {
      listener = await startFetchListener(() => ({ keys: [attackerJwk()] }));
      warden = await attackTarget({ SIGNING_ALG: alg });
      const jwks = (await (await warden.sut.request('/.well-known/jwks.json')).json()) as {
        keys: Array<Record<string, unknown>>;
      };
      publicJwk = jwks.keys.find((key) => key.kid === warden.header.kid) as Record<string, unknown>;
    });
    afterAll(async () => {
      await warden?.sut.close();
      await listener?.close();
    });

    /** Warden's own count of JWKS requests it served (`GET /metrics`). */
    async function wardenJwksRequests(): Promise<number> {
      const metrics = await (await warden.sut.request('/metrics')).text();
      const line = metrics.split('\n').find((candidate) => candidate.startsWith('warden_jwks_'));
      return Number(line?.split(' ')[1]);
    }

    describe.each<HttpPlatform>(['express', 'fastify'])('on %s', (platform) => {
      let consumer: ConsumerApp;
      let tokens: HostileToken[];

      beforeAll(async () => {
        // Whole seconds and no tolerance, so "exp equal to now" is exactly now.
        const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);
        consumer = await startConsumer(platform, {
          issuer: warden.sut.config.jwt.issuer,
          audience: warden.sut.config.jwt.audience,
          jwksUri: `${warden.sut.baseUrl}/.well-known/jwks.json`,
          algorithms: [alg],
          clockTolerance: 0,
          jwksCooldown: COOLDOWN,
          clock,
        });
        tokens = hostileTokens({
          target: warden,
          now: Math.floor(clock.now().getTime() / 1000),
          publicJwk,
          listenerUrl: listener.url,
        });
      });
      afterAll(() => consumer?.close());

      it('accepts the untouched token and its claims re-signed (the harness itself is sound)', async () => {
        expect((await consumer.request('/me', warden.session.access_token)).status).toBe(200);
        expect((await consumer.request('/me', warden.withClaims({}))).status).toBe(200);
      });

      it('answers every hostile token with 401 error="invalid_token", never 500', async () => {
        expect(tokens.length).toBeGreaterThan(alg === 'ES256' ? 90 : 85);
        const wrong: string[] = [];
        for (const [name, token] of tokens) {
          const response = await consumer.request('/me', token);
          const body = (await response.json()) as { code?: string };
          const challenge = response.headers.get('www-authenticate') ?? '';
          if (response.status !== 401 || !challenge.includes('error="invalid_token"')) {
            wrong.push(`${name}: ${response.status} ${body.code} ${challenge}`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it('never fetched what a token pointed at (jku, x5u)', () => {
        expect(listener.fetches).toEqual([]);
      });

      it('answers a 17 KB Authorization header with 431', async () => {
        expect(await rawStatus(consumer, `Bearer ${'a'.repeat(17 * 1024)}`)).toBe(431);
      });

      it('turns a flood of unknown and hostile kids into at most one JWKS fetch', async () => {
        consumer.clock.advance(COOLDOWN);
        const fetchesBefore = consumer.jwks!.fetchCount;
        const servedBefore = await wardenJwksRequests();
        const kids = tokens.filter(([name]) => name.startsWith('kid ')).map(([, token]) => token);

        const statuses: number[] = [];
        for (let round = 0; round < 10; round++) {
          const batch = Array.from({ length: 50 }, (_, index) =>
            index < kids.length
              ? kids[index]
              : warden.withHeader({ kid: randomBytes(12).toString('base64url') }),
          );
          const responses = await Promise.all(batch.map((token) => consumer.request('/me', token)));
          statuses.push(...responses.map((response) => response.status));
          await Promise.all(responses.map((response) => response.arrayBuffer()));
        }

        expect(new Set(statuses)).toEqual(new Set([401]));
        expect(consumer.jwks!.fetchCount - fetchesBefore).toBeLessThanOrEqual(1);
        expect((await wardenJwksRequests()) - servedBefore).toBeLessThanOrEqual(1);
        expect((await consumer.request('/me', warden.session.access_token)).status).toBe(200);
      });
    });
  },
);

/** fetch() refuses oversized headers itself, so send the request over a raw socket. */
async function rawStatus(consumer: ConsumerApp, authorization: string): Promise<number> {
  const url = `${(await consumer.app.getUrl()).replace('[::1]', '127.0.0.1')}/me`;
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { authorization } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}
