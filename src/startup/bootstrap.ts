import 'reflect-metadata';
import { existsSync, rmSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { configureApp, createHttpAdapter } from '../app.setup';
import { AppConfig, ConfigValidationError, loadConfig } from '../config';
import { developmentKeyFileOf } from '../keys/key-encryption-key.provider';
import { AppLogger, createLogger } from '../logging';
import { assertPortFree, listeningLine } from './http-listen';
import { Lifecycle } from './lifecycle';
import { openDatabase } from './open-database';
import { describeStartupFailure, isUndecryptableKey } from './startup-failure';

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

/**
 * Start-up, in the order that fails fastest: configuration, the HTTP port, the database (its
 * migrations run as the app's modules load), then listening. Whatever fails says so in one line
 * and undoes what had started; every step is registered with `lifecycle`, which stops them.
 */
export async function bootstrap(lifecycle: Lifecycle): Promise<void> {
  const config = readConfigOrExit();
  const log = createLogger(config);
  lifecycle.useLogger(log);
  // A development key file missing now is made anew during start-up: if the database holds
  // keys encrypted with the old one, that is what start-up must say (and the new file must go).
  const keyFile = developmentKeyFileOf(config);
  const lostKeyFile = keyFile && !existsSync(keyFile) ? keyFile : undefined;

  try {
    await assertPortFree(config.host, config.port);
    const databaseUrl = await openDatabase(config, log, lifecycle);
    lifecycle.signal.throwIfAborted();
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, databaseUrl, logger: log }),
      createHttpAdapter(config),
      { bufferLogs: true, abortOnError: false },
    );
    // Nest closes the HTTP server, then runs shutdown hooks (TypeORM's pool closes there),
    // before the embedded database stops.
    lifecycle.onStop(() => app.close());
    app.useLogger(app.get(AppLogger));
    configureApp(app, config);
    await app.listen({ port: config.port, host: config.host });
    lifecycle.running();
    log.info(listeningLine(app.getHttpServer().address(), config.operations.docsEnabled));
  } catch (error) {
    if (lostKeyFile && isUndecryptableKey(error)) rmSync(lostKeyFile, { force: true });
    const line = describeStartupFailure(error, { port: config.port, lostKeyFile });
    // A known cause is one line; anything else is a bug and keeps its stack.
    if (line === undefined) await lifecycle.fail('Warden failed to start', error);
    else await lifecycle.fail(`Warden failed to start: ${line}`);
  }
}
