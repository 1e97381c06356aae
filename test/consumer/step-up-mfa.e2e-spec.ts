import { Controller, Get, INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AuthModule, Policy, policy, RequiresAuth, RequiresMfa } from '@warden/nest-auth';
import {
  createMfaWorld,
  enrolledUser,
  EnrolledUser,
  fullLogin,
  mfaLogin,
  mfaTokenOf,
  MfaWorld,
  sessionOf,
} from '../mfa/mfa.fixtures';
import { refresh, registeredAccount } from '../tokens/session.fixtures';

const MAX_AGE = 60;

@Controller()
class PayoutsController {
  @RequiresAuth()
  @Get('profile')
  profile(): { ok: true } {
    return { ok: true };
  }

  @RequiresMfa()
  @Get('payouts')
  payouts(): { ok: true } {
    return { ok: true };
  }

  @Policy(policy().requireMfa().maxAge(MAX_AGE))
  @Get('wire')
  wire(): { ok: true } {
    return { ok: true };
  }
}

interface Consumer {
  request: (path: string, token?: string) => Promise<Response>;
  close: () => Promise<void>;
}

/** An AuthModule consumer of the Warden under test, on the Warden's clock. */
async function startConsumer(world: MfaWorld, platform: 'fastify' | 'express'): Promise<Consumer> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        issuer: world.sut.config.jwt.issuer,
        audience: world.sut.config.jwt.audience,
        jwksUri: `${world.sut.baseUrl}/.well-known/jwks.json`,
        algorithms: ['RS256'],
        clock: world.clock,
      }),
    ],
    controllers: [PayoutsController],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication(
    platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    request: (path, token) =>
      fetch(`${baseUrl}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      }),
    close: () => app.close(),
  };
}

describe.each(['fastify', 'express'] as const)('@RequiresMfa against Warden (%s)', (platform) => {
  let world: MfaWorld;
  let consumer: Consumer;
  let user: EnrolledUser;

  beforeAll(async () => {
    world = await createMfaWorld();
    consumer = await startConsumer(world, platform);
    user = await enrolledUser(world);
  });
  afterAll(async () => {
    await consumer?.close();
    await world?.sut.close();
  });

  it('refuses a password-only token with the RFC 9470 step-up challenge', async () => {
    const token = await sessionOf(world, await registeredAccount(world.sut));

    expect((await consumer.request('/profile', token)).status).toBe(200);
    const response = await consumer.request('/payouts', token);
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_user_authentication"');
    expect(challenge).toContain('acr_values="urn:warden:acr:mfa"');
  });

  it('serves a token from the MFA login, with a code or a recovery code', async () => {
    const { access_token } = await fullLogin(world, user);
    expect((await consumer.request('/payouts', access_token)).status).toBe(200);

    const recovered = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, user.account),
      recovery_code: user.recoveryCodes[0],
    });
    expect(recovered.status).toBe(200);
    const { access_token: recoveryToken } = (await recovered.json()) as { access_token: string };
    expect((await consumer.request('/payouts', recoveryToken)).status).toBe(200);
  });

  it('keeps the MFA level across a refresh, and max_age counts from the login', async () => {
    const tokens = await fullLogin(world, user);
    world.clock.advance(5);
    expect((await consumer.request('/wire', tokens.access_token)).status).toBe(200);

    world.clock.advance(MAX_AGE);
    const refreshed = await refresh(world.sut, tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const { access_token } = (await refreshed.json()) as { access_token: string };
    expect((await consumer.request('/payouts', access_token)).status).toBe(200);

    // A refresh is not a new login: the original auth_time is now too old for /wire.
    const stale = await consumer.request('/wire', access_token);
    expect(stale.status).toBe(401);
    const challenge = stale.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_user_authentication"');
    // RFC 9470 §3: an auth-param, token or quoted-string (its example quotes it).
    expect(challenge).toMatch(new RegExp(`max_age="?${MAX_AGE}"?(,|$)`));
  });

  it('refuses a lone password step: its mfa_token is no bearer token', async () => {
    const mfaToken = await mfaTokenOf(world, user.account);
    const response = await consumer.request('/payouts', mfaToken);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
