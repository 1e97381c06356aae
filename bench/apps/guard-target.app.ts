import 'reflect-metadata';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule } from '@nestjs/passport';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Algorithm } from 'jsonwebtoken';
import { BENCH_AUDIENCE, BENCH_ISSUER } from '../lib/tokens';
import { passportJwtStrategy } from './passport-jwt.strategy';

/**
 * One Nest app, three routes returning the same body: unguarded, guarded the usual way
 * (passport-jwt), and guarded by Warden. Ratios between them isolate the guard's cost.
 * argv: <fastify|express> <port> <alg>; env BENCH_PUBLIC_PEM.
 */
const [adapterName, port, alg] = process.argv.slice(2);
const publicPem = process.env.BENCH_PUBLIC_PEM ?? '';

@Controller()
class BenchController {
  @Get('unguarded')
  unguarded(): { ok: true } {
    return { ok: true };
  }

  @Get('passport')
  @UseGuards(AuthGuard('jwt'))
  passport(): { ok: true } {
    return { ok: true };
  }
}

@Module({
  imports: [PassportModule],
  controllers: [BenchController],
  providers: [passportJwtStrategy(publicPem, alg as Algorithm, BENCH_ISSUER, BENCH_AUDIENCE)],
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
