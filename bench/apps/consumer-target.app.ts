import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthModule, Permissions, Public, RequiresAuth } from '@warden/nest-auth';

/**
 * A consumer app as a user writes it: AuthModule against a running Warden's JWKS, a public route
 * and a guarded one returning the same body. argv: <port>; env WARDEN_URL.
 */
const [port] = process.argv.slice(2);
const wardenUrl = process.env.WARDEN_URL ?? '';

@Controller()
class ConsumerController {
  @Public()
  @Get('unguarded')
  unguarded(): { ok: true } {
    return { ok: true };
  }

  @Get('guarded')
  @RequiresAuth()
  @Permissions('users:read')
  guarded(): { ok: true } {
    return { ok: true };
  }
}

@Module({
  imports: [
    AuthModule.forRoot({
      issuer: wardenUrl,
      audience: 'warden',
      jwksUri: `${wardenUrl}/.well-known/jwks.json`,
      algorithms: ['RS256'],
    }),
  ],
  controllers: [ConsumerController],
})
class ConsumerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(ConsumerModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  process.stdout.write(`consumer listening on ${port}\n`);
  const close = (): void => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

void main();
