import type { HttpPlatform } from '../../examples/consumer-app/src/http-adapter';
import { claims, NOW, signToken, testKey } from '../../packages/nest-auth/test/token-factory';
import { type ContextsApp, emitMessage, startContextsApp } from './contexts/contexts-app';
import { HeaderTokenGuard, TOKEN_HEADER } from './contexts/header-token.guard';

const key = testKey('ES256');
const token = (overrides: Record<string, unknown> = {}): string =>
  signToken(key, claims(overrides));
const bearer = (value: string): Record<string, string> => ({ authorization: `Bearer ${value}` });

/** Tokens the guard must refuse, with the code it must refuse each with. */
const REFUSED: [string, string | undefined, string, string][] = [
  ['no', undefined, 'ERR_TOKEN_MISSING', 'Authentication required'],
  ['a malformed', 'not-a-jwt', 'ERR_TOKEN_MALFORMED', 'The access token is malformed'],
  [
    'a forged',
    signToken(testKey('ES256', key.kid)),
    'ERR_TOKEN_INVALID',
    'The access token is invalid',
  ],
  [
    'an expired',
    token({ iat: 1_799_999_000, nbf: undefined, exp: 1_799_999_900 }),
    'ERR_TOKEN_EXPIRED',
    'The access token expired',
  ],
];

describe.each<HttpPlatform>(['express', 'fastify'])(
  'WardenAuthGuard in every context on %s',
  (platform) => {
    let sut: ContextsApp;

    beforeAll(async () => {
      sut = await startContextsApp(platform, { key });
    });
    afterAll(() => sut.close());

    describe('GraphQL resolvers', () => {
      it('hands the verified principal to @CurrentUser()', async () => {
        const answer = await sut.graphql('{ me { sub roles } }', bearer(token()));

        expect(answer.errors).toBeUndefined();
        expect(answer.data).toEqual({ me: { sub: 'user-1', roles: ['user'] } });
      });

      it.each(REFUSED)(
        'refuses %s token with an unauthenticated error',
        async (_n, bad, code, message) => {
          const answer = await sut.graphql('{ me { sub } }', bad === undefined ? {} : bearer(bad));

          expect(answer.data).toBeNull();
          expect(answer.errors).toEqual([
            {
              message,
              path: ['me'],
              locations: [{ line: 1, column: 3 }],
              extensions: { code, statusCode: 401, error: 'Unauthorized' },
            },
          ]);
        },
      );

      it('refuses a token without the role with a forbidden error', async () => {
        const answer = await sut.graphql('{ adminReport }', bearer(token()));

        expect(answer.data).toBeNull();
        expect(answer.errors).toEqual([
          {
            message: 'Insufficient roles or permissions',
            path: ['adminReport'],
            locations: [{ line: 1, column: 3 }],
            extensions: {
              code: 'ERR_INSUFFICIENT_SCOPE',
              statusCode: 403,
              error: 'Forbidden',
              required: { anyOfRoles: [['admin']] },
            },
          },
        ]);
      });

      it('serves the @Roles() query to a token holding the role', async () => {
        const answer = await sut.graphql('{ adminReport }', bearer(token({ roles: ['admin'] })));

        expect(answer).toMatchObject({ status: 200, data: { adminReport: 'report for user-1' } });
      });

      it('serves the @Public() query without a token', async () => {
        expect(await sut.graphql('{ status }')).toEqual({ status: 200, data: { status: 'up' } });
      });
    });

    describe('socket.io gateway', () => {
      it('hands the principal to @CurrentUser() when the token comes in handshake auth', async () => {
        const socket = await sut.connect({ token: token() });

        expect(await emitMessage(socket, 'whoami', { n: 1 })).toEqual({
          ack: { sub: 'user-1', roles: ['user'], echo: { n: 1 } },
        });
      });

      it('accepts the token in an Authorization header of the handshake', async () => {
        const socket = await sut.connect({ headers: bearer(token({ sub: 'user-2' })) });

        expect(await emitMessage(socket, 'whoami')).toMatchObject({ ack: { sub: 'user-2' } });
      });

      it.each(REFUSED)(
        'answers %s token with an exception event',
        async (_n, bad, code, message) => {
          const socket = await sut.connect({ token: bad });

          expect(await emitMessage(socket, 'whoami')).toEqual({
            exception: { status: 'error', code, message },
          });
        },
      );

      it('keeps the connection usable after a refusal: the @Public() handler still answers', async () => {
        const socket = await sut.connect({});
        await emitMessage(socket, 'whoami');

        expect(await emitMessage(socket, 'ping')).toEqual({ ack: 'pong' });
      });

      it('verifies the token at every message, not once per connection', async () => {
        const socket = await sut.connect({ token: token({ exp: NOW + 60 }) });
        expect(await emitMessage(socket, 'whoami')).toMatchObject({ ack: { sub: 'user-1' } });

        sut.clock.advance(61);
        try {
          expect(await emitMessage(socket, 'whoami')).toMatchObject({
            exception: { code: 'ERR_TOKEN_EXPIRED' },
          });
        } finally {
          sut.clock.set(new Date(NOW * 1000));
        }
      });

      it('answers a token without the role with an ERR_INSUFFICIENT_SCOPE exception', async () => {
        const socket = await sut.connect({ token: token() });

        expect(await emitMessage(socket, 'admin')).toEqual({
          exception: {
            status: 'error',
            code: 'ERR_INSUFFICIENT_SCOPE',
            message: 'Insufficient roles or permissions',
            required: { anyOfRoles: [['admin']] },
          },
        });
      });

      it('serves the @Roles() handler to a token holding the role', async () => {
        const socket = await sut.connect({ token: token({ roles: ['admin'] }) });

        expect(await emitMessage(socket, 'admin')).toEqual({ ack: { ok: true, sub: 'user-1' } });
      });
    });

    describe('HTTP routes of the same app', () => {
      it('still answers 401 with a bare Bearer challenge without a token', async () => {
        const response = await fetch(`${sut.baseUrl}/contexts/me`);

        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
        expect(await response.json()).toMatchObject({ statusCode: 401, code: 'ERR_TOKEN_MISSING' });
      });

      it('still answers 403 with an insufficient_scope challenge', async () => {
        const response = await fetch(`${sut.baseUrl}/contexts/admin`, { headers: bearer(token()) });

        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
        expect(await response.json()).toMatchObject({ code: 'ERR_INSUFFICIENT_SCOPE' });
      });

      it('serves a good token', async () => {
        const response = await fetch(`${sut.baseUrl}/contexts/me`, { headers: bearer(token()) });

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ sub: 'user-1' });
      });
    });
  },
);

describe(`${HeaderTokenGuard.name}: a subclass overriding getRequest`, () => {
  let sut: ContextsApp;

  beforeAll(async () => {
    sut = await startContextsApp('fastify', { key, guard: HeaderTokenGuard });
  });
  afterAll(() => sut.close());

  it('reads the token from its own header over HTTP', async () => {
    const response = await fetch(`${sut.baseUrl}/contexts/me`, {
      headers: { [TOKEN_HEADER]: token({ sub: 'user-3' }) },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'user-3' });
  });

  it('reads it in GraphQL resolvers too, and @CurrentUser() sees the principal', async () => {
    const answer = await sut.graphql('{ me { sub } }', {
      [TOKEN_HEADER]: token({ sub: 'user-4' }),
    });

    expect(answer.data).toEqual({ me: { sub: 'user-4' } });
  });

  it('still refuses a request carrying no token at all', async () => {
    const answer = await sut.graphql('{ me { sub } }');

    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
  });
});
