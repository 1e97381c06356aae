import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../examples/consumer-app/src/app.module';
import {
  AUTH_MODULE_OPTIONS,
  AuthModuleOptions,
  AuthModuleOptionsError,
} from '../../packages/nest-auth/src';
import {
  claims,
  InMemoryKeyResolver,
  NOW,
  signToken,
  testKey,
} from '../../packages/nest-auth/test/token-factory';
import { withConsumer } from './consumer-app';

/**
 * An RFC 7662 endpoint whose answers and failures the test controls: client authentication by
 * HTTP Basic, a form body with `token`, `{active}` back. (consumer.e2e-spec.ts runs the client
 * against Warden's real /oauth/introspect; this stub covers outages and the wire format.)
 */
class IntrospectionStub {
  readonly inactive = new Set<string>();
  readonly requests: { authorization?: string; contentType?: string; body: URLSearchParams }[] = [];
  failing = false;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/oauth/introspect`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }

  private async answer(
    request: IncomingMessage,
    response: import('node:http').ServerResponse,
  ): Promise<void> {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const body = new URLSearchParams(text);
    this.requests.push({
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body,
    });
    if (this.failing) {
      response.writeHead(500).end();
      return;
    }
    const active = !this.inactive.has(body.get('token') ?? '');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(active ? { active, sub: 'user-1' } : { active }));
  }
}

const key = testKey('HS256', 'shared');
const SECRET = key.signingKey.export();

describe('AuthModule with a shared secret and token introspection', () => {
  const stub = new IntrospectionStub();
  let url: string;

  beforeAll(async () => {
    url = await stub.start();
  });
  afterAll(() => stub.stop());

  function options(overrides: Partial<AuthModuleOptions> = {}): AuthModuleOptions {
    return {
      issuer: 'https://warden.test',
      audience: 'warden',
      secret: SECRET,
      algorithms: ['HS256'],
      introspection: { url, clientId: 'reports app', clientSecret: 's3cret:x', cacheTtl: 10 },
      ...overrides,
    };
  }

  it.each(['express', 'fastify'] as const)(
    'accepts an active token and refuses it once introspection says inactive (%s)',
    async (platform) => {
      await withConsumer(platform, options(), async (consumer) => {
        consumer.clock.set(new Date(NOW * 1000));
        const token = signToken(key, claims({ jti: randomBytes(8).toString('hex') }));
        const sent = stub.requests.length;

        expect((await consumer.request('/me', token)).status).toBe(200);
        expect((await consumer.request('/me', token)).status).toBe(200);
        expect(stub.requests.length - sent).toBe(1);

        stub.inactive.add(token);
        expect((await consumer.request('/me', token)).status).toBe(200);
        consumer.clock.advance(11);
        const refused = await consumer.request('/me', token);

        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
      });
    },
  );

  it('authenticates as the client with HTTP Basic and sends the token form-encoded', async () => {
    await withConsumer('fastify', options(), async (consumer) => {
      consumer.clock.set(new Date(NOW * 1000));
      const token = signToken(key, claims({ jti: 'basic-auth' }));
      await consumer.request('/me', token);
      const last = stub.requests.at(-1)!;

      // RFC 6749 §2.3.1: id and secret form-urlencoded, then base64.
      const expected = Buffer.from('reports%20app:s3cret%3Ax').toString('base64');
      expect(last.authorization).toBe(`Basic ${expected}`);
      expect(last.contentType).toBe('application/x-www-form-urlencoded');
      expect(last.body.get('token')).toBe(token);
    });
  });

  it('refuses with 503 while introspection fails, unless told to fail open', async () => {
    stub.failing = true;
    try {
      await withConsumer('express', options(), async (consumer) => {
        consumer.clock.set(new Date(NOW * 1000));
        const response = await consumer.request('/me', signToken(key, claims({ jti: 'down' })));

        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ code: 'ERR_INTROSPECTION_UNAVAILABLE' });
      });
      const failOpen = options({
        introspection: { url, clientId: 'a', clientSecret: 'b', failOpen: true },
      });
      await withConsumer('express', failOpen, async (consumer) => {
        consumer.clock.set(new Date(NOW * 1000));
        const response = await consumer.request('/me', signToken(key, claims({ jti: 'open' })));

        expect(response.status).toBe(200);
      });
    } finally {
      stub.failing = false;
    }
  });

  it('never consults introspection for a token that fails local verification', async () => {
    await withConsumer('fastify', options(), async (consumer) => {
      consumer.clock.set(new Date(NOW * 1000));
      const sent = stub.requests.length;
      const forged = signToken(testKey('HS256', 'shared'), claims());

      expect((await consumer.request('/me', forged)).status).toBe(401);
      expect(stub.requests.length).toBe(sent);
    });
  });
});

describe('AuthModule start-up checks', () => {
  it.each<[string, Partial<AuthModuleOptions>]>([
    ['a clock tolerance above 300 s', { clockTolerance: 301 }],
    ['an empty algorithm list', { algorithms: [] }],
    ['HS256 with a JWKS', { algorithms: ['HS256'] }],
    ['both a JWKS and a secret', { secret: randomBytes(32) }],
  ])('refuses to start with %s', async (_name, overrides) => {
    const builder = Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(AUTH_MODULE_OPTIONS)
      .useValue({
        issuer: 'https://warden.test',
        audience: 'warden',
        jwksUri: 'https://warden.test/.well-known/jwks.json',
        algorithms: ['RS256'],
        ...overrides,
      });

    await expect(builder.compile()).rejects.toBeInstanceOf(AuthModuleOptionsError);
  });

  it('verifies with a custom KeyResolver', async () => {
    const ecKey = testKey('ES256', 'own-key');
    await withConsumer(
      'fastify',
      {
        issuer: 'https://warden.test',
        audience: 'warden',
        keyResolver: new InMemoryKeyResolver(ecKey),
        algorithms: ['ES256'],
      },
      async (consumer) => {
        consumer.clock.set(new Date(NOW * 1000));

        expect((await consumer.request('/me', signToken(ecKey))).status).toBe(200);
        expect(consumer.health.check()).toEqual({ jwks: { status: 'up', mode: 'local' } });
      },
    );
  });
});
