import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { WardenError } from './common/errors';
import { configureApp, createHttpAdapter } from './app.setup';
import { AppConfig, ConfigValidationError, loadConfig } from './config';
import { describeDatabaseUrl } from './database/data-source-options';
import { EmbeddedDatabase } from './database/embedded-database';

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    // One line per problem and no stack trace: this is an operator's mistake, not a bug.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfigOrExit();
  const log = pino({ level: config.logLevel, base: { service: 'warden' } });

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === undefined) {
    log.info(
      `DATABASE_URL is unset: starting embedded PostgreSQL under ${join(config.dataDir, 'pg')}`,
    );
    embedded = await EmbeddedDatabase.start(join(config.dataDir, 'pg'), {
      log: (message) => log.info(message),
      warn: (message) => log.warn(message),
    });
    databaseUrl = embedded.url;
  }
  log.info(`Using database ${describeDatabaseUrl(databaseUrl)}${embedded ? ' (embedded)' : ''}`);

  let app: NestFastifyApplication | undefined;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, databaseUrl }),
      createHttpAdapter(config),
      { bufferLogs: true, abortOnError: false },
    );
    app.useLogger(app.get(Logger));
    await configureApp(app, config);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // A typed error is an operator's problem (wrong key, bad database): one clear line. Anything
    // else is a bug and keeps its stack.
    if (error instanceof WardenError)
      log.fatal(`Warden failed to start: ${error.code}: ${error.message}`);
    else log.fatal({ err: error }, 'Warden failed to start');
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }

  const shownHost = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  log.info(`Warden is listening on http://${shownHost}:${config.port} (API docs: /docs)`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: closing the HTTP server, then the database`);
    // Nest closes the HTTP server, then runs shutdown hooks (TypeORM's pool closes there).
    await app?.close().catch((error: unknown) => log.error({ err: error }, 'Error while closing'));
    if (embedded) {
      await embedded.stop();
      log.info('Embedded PostgreSQL stopped; data kept for the next start');
    }
    log.info('Warden stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

void bootstrap();
