import { createPublicKey, JsonWebKey, randomBytes } from 'node:crypto';
import type { HttpPlatform } from '../../examples/consumer-app/src/http-adapter';
import type { AuthModuleOptions } from '../../packages/nest-auth/src';
import { ADMIN, ADMIN_ENV, api, claimsOf } from '../admin/admin.fixtures';
import { encodeSegment, hmacToken } from '../../packages/nest-auth/test/token-factory';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk } from '../tokens/session.fixtures';
import { burst, consumerScenario, foreignToken, headerOf } from './consumer.fixtures';
import {
  ConsumerApp,
  consumerLogs,
  invalidTokenChallenge,
  startConsumer,
  withConsumer,
} from './consumer-app';

const COOLDOWN = 30;
const MAX_AGE = 300;

describe.each<HttpPlatform>(['express', 'fastify'])(
  'AuthModule in a consumer app on %s',
  (platform) => {
    let warden: TestApp;
    let consumer: ConsumerApp;
    let options: AuthModuleOptions;
    let adminToken: string;
    let readerToken: string;
    let userToken: string;
    let client: { client_id: string; client_secret: string };
    let serviceToken: string;

    beforeAll(async () => {
      warden = await createTestApp({ ...ADMIN_ENV, JWKS_MAX_AGE: String(MAX_AGE) });
      options = {
        issuer: warden.config.jwt.issuer,
        audience: warden.config.jwt.audience,
        jwksUri: `${warden.baseUrl}/.well-known/jwks.json`,
        algorithms: ['RS256'],
        jwksCooldown: COOLDOWN,
      };
      ({ adminToken, readerToken, userToken, client, serviceToken } =
        await consumerScenario(warden));
      consumer = await startConsumer(platform, options);
    });

    afterAll(async () => {
      await consumer?.close();
      await warden?.close();
    });

    describe('routes', () => {
      it('serves the public route without a token', async () => {
        expect((await consumer.request('/health')).status).toBe(200);
      });

      it('refuses a protected route without a token, with a bare Bearer challenge', async () => {
        const response = await consumer.request('/me');

        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
        expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
      });

      it("accepts Warden's login tokens and hands the principal to the handler", async () => {
        const response = await consumer.request('/me', readerToken);

        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ sub: claimsOf(readerToken).sub });
      });

      it("accepts Warden's client_credentials (service) tokens", async () => {
        const response = await consumer.request('/reports', serviceToken);

        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ requestedBy: `client:${client.client_id}` });
      });

      it("honours a logout at once through Warden's introspection endpoint", async () => {
        const session = await loginOk(warden, ADMIN);
        const introspection = {
          url: `${warden.baseUrl}/oauth/introspect`,
          clientId: client.client_id,
          clientSecret: client.client_secret,
          cacheTtl: 5,
        };
        await withConsumer(platform, { ...options, introspection }, async (strict) => {
          expect((await strict.request('/me', session.access_token)).status).toBe(200);

          const logout = await api(warden, 'POST', '/auth/logout', session.access_token, {});
          expect(logout.status).toBe(200);
          strict.clock.advance(6);
          const refused = await strict.request('/me', session.access_token);

          expect(refused.status).toBe(401);
          expect(await refused.json()).toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
        });
      });

      it('applies @Roles and @Permissions from the token', async () => {
        expect((await consumer.request('/admin', adminToken)).status).toBe(200);
        expect((await consumer.request('/admin', readerToken)).status).toBe(403);
        expect((await consumer.request('/reports', readerToken)).status).toBe(200);

        const refused = await consumer.request('/reports', userToken);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
        expect(await refused.json()).toMatchObject({
          code: 'ERR_INSUFFICIENT_SCOPE',
          required: { permissions: ['reports:read'] },
        });
      });
    });

    describe('refusals', () => {
      const INVALID = invalidTokenChallenge('The access token is invalid');

      async function expectRefused(
        response: Response,
        code: string,
        challenge: string,
      ): Promise<void> {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(challenge);
        expect(await response.json()).toMatchObject({ statusCode: 401, code });
      }

      it('refuses a token for another audience', async () => {
        await withConsumer(platform, { ...options, audience: 'billing' }, async (other) => {
          await expectRefused(
            await other.request('/me', readerToken),
            'ERR_TOKEN_INVALID',
            INVALID,
          );
        });
      });

      it('refuses a token from another issuer', async () => {
        await withConsumer(
          platform,
          { ...options, issuer: 'https://elsewhere.test' },
          async (other) => {
            await expectRefused(
              await other.request('/me', readerToken),
              'ERR_TOKEN_INVALID',
              INVALID,
            );
          },
        );
      });

      it('accepts the issuer when it is one of an allow-list', async () => {
        const issuer = ['https://elsewhere.test', warden.config.jwt.issuer];
        await withConsumer(platform, { ...options, issuer }, async (other) => {
          expect((await other.request('/me', readerToken)).status).toBe(200);
        });
      });

      it('refuses an expired token', async () => {
        const later = { ...options, clock: undefined };
        await withConsumer(platform, later, async (other) => {
          other.clock.advance(warden.config.jwt.accessTokenTtl + 60);
          await expectRefused(
            await other.request('/me', readerToken),
            'ERR_TOKEN_EXPIRED',
            invalidTokenChallenge('The access token expired'),
          );
        });
      });

      it('refuses a user token where only service tokens are accepted', async () => {
        await withConsumer(platform, { ...options, requiredTokenUse: 'service' }, async (other) => {
          await expectRefused(
            await other.request('/me', readerToken),
            'ERR_TOKEN_INVALID',
            INVALID,
          );
        });
      });

      it('refuses HS256 signed with the RS256 public key as the secret (algorithm confusion)', async () => {
        const kid = headerOf(readerToken).kid;
        const jwks = (await (await warden.request('/.well-known/jwks.json')).json()) as {
          keys: (JsonWebKey & { kid: string })[];
        };
        const jwk = jwks.keys.find((key) => key.kid === kid);
        const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        for (const secret of [
          publicKey.export({ type: 'spki', format: 'pem' }),
          publicKey.export({ type: 'spki', format: 'der' }),
        ]) {
          const forged = hmacToken(
            secret,
            { alg: 'HS256', kid, typ: 'at+jwt' },
            claimsOf(readerToken),
          );
          await expectRefused(await consumer.request('/me', forged), 'ERR_TOKEN_INVALID', INVALID);
        }
      });

      it('refuses alg "none", with or without a signature', async () => {
        const kid = headerOf(readerToken).kid;
        const unsigned = `${encodeSegment({ alg: 'none', kid, typ: 'at+jwt' })}.${encodeSegment(claimsOf(readerToken))}`;

        await expectRefused(
          await consumer.request('/me', `${unsigned}.`),
          'ERR_TOKEN_MALFORMED',
          invalidTokenChallenge('The access token is malformed'),
        );
        await expectRefused(
          await consumer.request('/me', `${unsigned}.${randomBytes(32).toString('base64url')}`),
          'ERR_TOKEN_INVALID',
          INVALID,
        );
      });
    });

    describe('key rotation', () => {
      it('accepts tokens signed before and after rotations, with a bounded number of JWKS fetches', async () => {
        const jwks = consumer.jwks!;
        const before = (await loginOk(warden, ADMIN)).access_token;
        await consumer.request('/me', before);
        const fetchesBefore = jwks.fetchCount;

        const rotated = await api(warden, 'POST', '/keys/rotate', adminToken, {});
        expect(rotated.status).toBe(200);
        const after = (await loginOk(warden, ADMIN)).access_token;
        expect(claimsOf(after)).toBeDefined();
        const statuses = await burst(200, 20, (index) =>
          consumer.request('/admin', index % 2 === 0 ? before : after),
        );

        expect(statuses.filter((status) => status !== 200)).toEqual([]);
        // The new signing key was published as `next` before the rotation: no refetch at all.
        expect(jwks.fetchCount).toBe(fetchesBefore);

        // A second rotation signs with a key this consumer has never seen: one shared refetch.
        await api(warden, 'POST', '/keys/rotate', (await loginOk(warden, ADMIN)).access_token, {});
        const newest = (await loginOk(warden, ADMIN)).access_token;
        consumer.clock.advance(COOLDOWN);
        const mixed = await burst(300, 50, (index) =>
          consumer.request('/admin', [before, after, newest][index % 3]),
        );

        expect(mixed.filter((status) => status !== 200)).toEqual([]);
        expect(jwks.fetchCount).toBe(fetchesBefore + 1);
      });
    });

    describe('unknown kids', () => {
      it('turns 1,000 requests with random kids into at most one JWKS fetch per cooldown', async () => {
        const jwks = consumer.jwks!;
        consumer.clock.advance(COOLDOWN);
        const fetchesBefore = jwks.fetchCount;
        const payload = claimsOf(readerToken);

        const statuses = await burst(1000, 50, () =>
          consumer.request('/me', foreignToken(randomBytes(12).toString('base64url'), payload)),
        );

        expect(new Set(statuses)).toEqual(new Set([401]));
        expect(jwks.fetchCount - fetchesBefore).toBeLessThanOrEqual(1);
        expect((await consumer.request('/me', readerToken)).status).toBe(200);
      });
    });

    describe('issuer outage', () => {
      it('keeps accepting valid tokens from the cached keys once Warden is stopped', async () => {
        const jwks = consumer.jwks!;
        await warden.close();
        warden = undefined as unknown as TestApp;
        // Past the JWKS max-age and the cooldown: the consumer has to try the stopped issuer.
        consumer.clock.advance(MAX_AGE + COOLDOWN);

        const statuses = await burst(50, 10, () => consumer.request('/me', readerToken));

        expect(new Set(statuses)).toEqual(new Set([200]));
        expect(jwks.status()).toMatchObject({ lastFetchOk: false, consecutiveFailures: 1 });
        expect(jwks.status().keyCount).toBeGreaterThan(0);
        expect(consumer.health.check()).toMatchObject({
          jwks: { status: 'up', lastFetchOk: false },
        });
        const outageLines = consumerLogs.lines.filter((line) =>
          line.includes(`fetch from ${options.jwksUri} failed`),
        );
        expect(outageLines).toHaveLength(1);
        // An unknown kid cannot be looked up while the issuer is down: 503, since it may be good.
        const forged = foreignToken('never-published', claimsOf(readerToken));
        expect((await consumer.request('/me', forged)).status).toBe(503);
      });
    });
  },
);
