import { Controller, Get, INestApplication, UseGuards } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AllExceptionsFilter } from '../../src/common/errors';
import { FakeClock } from '../../src/common/fake-clock';
import {
  type AccessTokenClaims,
  AuthModule,
  Claims,
  CurrentUser,
  Permissions,
  Policy,
  policy,
  type Principal,
  Public,
  RequiresAuth,
  type RevocationChecker,
  Roles,
} from '@warden/nest-auth';
import { WardenJwtStrategy } from '@warden/nest-auth/passport';
import {
  AUDIENCE,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
} from '../../packages/nest-auth/test/token-factory';

@Controller('demo')
class DemoController {
  @Public()
  @Get('public')
  open(): { ok: true } {
    return { ok: true };
  }

  @RequiresAuth()
  @Get('me')
  me(@CurrentUser() user: Principal, @Claims('jti') jti: string): Record<string, unknown> {
    return { sub: user.sub, roles: user.roles, jti, actor: user.actor };
  }

  @Roles('admin')
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Permissions('reports:read')
  @Get('reports')
  reports(): { ok: true } {
    return { ok: true };
  }

  @Policy(policy().needAny('audit:read', 'audit:export').rolesAny('auditor', 'admin'))
  @Get('audit')
  audit(): { ok: true } {
    return { ok: true };
  }

  @Get('undecorated')
  undecorated(): { ok: true } {
    return { ok: true };
  }

  @Public()
  @UseGuards(AuthGuard('warden-jwt'))
  @Get('passport')
  passport(@CurrentUser('sub') sub: string): { sub: string } {
    return { sub };
  }
}

@Roles('admin')
@Controller('keys')
class KeysAdminController {
  @Permissions('keys:rotate')
  @Get('rotate')
  rotate(): { ok: true } {
    return { ok: true };
  }
}

class RevokedJtis implements RevocationChecker {
  readonly jtis = new Set<string>();

  isRevoked(tokenClaims: AccessTokenClaims): boolean {
    return this.jtis.has(tokenClaims.jti);
  }
}

export type HttpPlatform = 'fastify' | 'express';

export interface PolicyTestApp {
  resolver: InMemoryKeyResolver;
  revoked: Set<string>;
  clock: FakeClock;
  request: (path: string, token?: string) => Promise<Response>;
  close: () => Promise<void>;
}

/** A minimal Nest app guarded by PolicyModule, on the chosen HTTP platform. */
export async function createPolicyTestApp(platform: HttpPlatform): Promise<PolicyTestApp> {
  const resolver = new InMemoryKeyResolver();
  const clock = new FakeClock(NOW * 1000);
  const revocations = new RevokedJtis();
  const moduleRef = await Test.createTestingModule({
    imports: [
      // As the service wires it: its own key source, revocation check and clock, and its own
      // exception filter instead of the library's.
      AuthModule.forRoot({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: 0,
        keyResolver: resolver,
        revocationChecker: revocations,
        clock,
        exceptionFilter: false,
      }),
    ],
    controllers: [DemoController, KeysAdminController],
    providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }, WardenJwtStrategy],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication(
    platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter(),
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    resolver,
    revoked: revocations.jtis,
    clock,
    request: (path, token) =>
      fetch(`${baseUrl}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      }),
    close: () => app.close(),
  };
}
