import 'reflect-metadata';
import { CanActivate, Controller, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule } from '@nestjs/passport';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createPublicKey } from 'node:crypto';
import type { Algorithm } from 'jsonwebtoken';
import {
  AuthModule,
  type JwsAlgorithm,
  Permissions,
  RequiresAuth,
  WardenAuthGuard,
} from '@warden/nest-auth';
import { BENCH_AUDIENCE, BENCH_ISSUER } from '../lib/tokens';
import { passportJwtStrategy } from './passport-jwt.strategy';

/**
 * One Nest app, three routes returning the same body: unguarded, guarded the usual way
 * (passport-jwt), and guarded by Warden (@RequiresAuth + @Permissions). Ratios between them
 * isolate the guard's cost.
 * argv: <fastify|express> <port> <alg> <cache|nocache>; env BENCH_PUBLIC_PEM, BENCH_KID.
 */
const [adapterName, port, alg, cacheMode] = process.argv.slice(2);
const publicPem = process.env.BENCH_PUBLIC_PEM ?? '';
const kid = process.env.BENCH_KID ?? '';
const publicKey = createPublicKey(publicPem);

/** The floor of any Nest guard: one that lets everything through. */
@Injectable()
class AllowAllGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller()
class BenchController {
  @Get('unguarded')
  unguarded(): { ok: true } {
    return { ok: true };
  }

  @Get('allow-all')
  @UseGuards(AllowAllGuard)
  allowAll(): { ok: true } {
    return { ok: true };
  }

  @Get('passport')
  @UseGuards(AuthGuard('jwt'))
  passport(): { ok: true } {
    return { ok: true };
  }

  @Get('warden')
  @UseGuards(WardenAuthGuard)
  @RequiresAuth()
  @Permissions('reports:read')
  warden(): { ok: true } {
    return { ok: true };
  }
}

const resolved = { kid, alg, key: publicKey };

@Module({
  imports: [
    PassportModule,
    AuthModule.forRoot({
      issuer: BENCH_ISSUER,
      audience: BENCH_AUDIENCE,
      algorithms: [alg as JwsAlgorithm],
      // "nocache": every request pays the full verification, as a never-seen token does.
      cacheSize: cacheMode === 'nocache' ? 0 : 10_000,
      keyResolver: { resolve: (candidate) => (candidate === kid ? resolved : undefined) },
      globalGuard: false,
      global: false,
      exceptionFilter: false,
    }),
  ],
  controllers: [BenchController],
  providers: [
    AllowAllGuard,
    passportJwtStrategy(publicPem, alg as Algorithm, BENCH_ISSUER, BENCH_AUDIENCE),
  ],
})
class BenchModule {}

async function main(): Promise<void> {
  const app =
    adapterName === 'fastify'
      ? await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BenchModule, { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  process.stdout.write(`bench target listening on ${port}\n`);
  const close = (): void => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

void main();
