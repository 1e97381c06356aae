import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { createHttpAdapter, platformFromEnv } from './http-adapter';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(
    AppModule,
    createHttpAdapter(platformFromEnv(process.env.HTTP_ADAPTER)),
  );
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1');
}

void bootstrap();
