import { Controller, Get, INestApplication, LoggerService } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AuthModule, type AuthModuleOptions, RequiresAuth } from '@warden/nest-auth';
import {
  AUDIENCE,
  claims,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
} from '../../packages/nest-auth/test/token-factory';

@Controller()
class GuardedController {
  @RequiresAuth()
  @Get('me')
  me(): { ok: true } {
    return { ok: true };
  }
}

/** Keeps debug lines: the refusal reasons are logged there. */
class DebugLines implements LoggerService {
  readonly debugs: string[] = [];
  log = (): void => undefined;
  warn = (): void => undefined;
  error = (): void => undefined;
  debug = (message: unknown): void => void this.debugs.push(String(message));
}

const rsa = testKey('RS256');
const ec = testKey('ES256');

async function start(
  extra: Partial<AuthModuleOptions>,
): Promise<{ app: INestApplication; url: string; logs: DebugLines }> {
  const logs = new DebugLines();
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['RS256'],
        keyResolver: new InMemoryKeyResolver(rsa, ec),
        clock: { now: () => new Date(NOW * 1000) },
        ...extra,
      }),
    ],
    controllers: [GuardedController],
  }).compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: logs });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), logs };
}

const wrongTokens: [string, string][] = [
  ['iss mismatch', signToken(rsa, claims({ iss: 'https://elsewhere.test' }))],
  ['aud mismatch', signToken(rsa, claims({ aud: 'another-api' }))],
  ['alg not allowed', signToken(ec)],
];

describe('why a token was refused', () => {
  describe('with exposeRefusalReasons (development)', () => {
    let target: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => (target = await start({ exposeRefusalReasons: true })));
    afterAll(() => target.app.close());

    it.each(wrongTokens)('says "%s" in the 401 body', async (reason, token) => {
      const response = await fetch(`${target.url}/me`, {
        headers: { authorization: `Bearer ${token}` },
      });

      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_INVALID', reason });
    });

    it('still serves a good token', async () => {
      const response = await fetch(`${target.url}/me`, {
        headers: { authorization: `Bearer ${signToken(rsa)}` },
      });

      expect(response.status).toBe(200);
    });
  });

  describe('by default (production)', () => {
    let target: Awaited<ReturnType<typeof start>>;
    beforeAll(async () => (target = await start({})));
    afterAll(() => target.app.close());

    it.each(wrongTokens)(
      'keeps "%s" out of the body but logs it at debug',
      async (reason, token) => {
        const response = await fetch(`${target.url}/me`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as Record<string, unknown>;

        expect(response.status).toBe(401);
        expect(body).not.toHaveProperty('reason');
        expect(JSON.stringify(body)).not.toContain(reason);
        expect(target.logs.debugs).toContain(`Access token refused: ${reason}`);
      },
    );
  });
});
