import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { parseConfig } from '../../src/config';
import { AppLogger, createLogger } from '../../src/logging';
import { LogCapture } from '../../src/logging/log-capture';
import { TEST_ENV } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

export interface LoggedApp {
  baseUrl: string;
  /** Every line the service logged, from its first, parsed. */
  log: LogCapture;
  request: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * The service wired as main.ts wires it (NestFactory, buffered start-up logs, AppLogger over the
 * root logger), its root logger writing into memory instead of standard output.
 */
export async function startLoggedApp(env: Record<string, string> = {}): Promise<LoggedApp> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-logs-'));
  const config = parseConfig({
    ...TEST_ENV,
    LOG_LEVEL: 'debug',
    DATA_DIR: dataDir,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  const log = new LogCapture();
  const logger = createLogger(config, log);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl: database.url, logger }),
    createHttpAdapter(config),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(AppLogger));
  configureApp(app, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    baseUrl,
    log,
    request: (path, init) => fetch(`${baseUrl}${path}`, init),
    close: async () => {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** The access-log lines (one per request), in the order they were written. */
export function accessLines(log: LogCapture): Array<Record<string, unknown>> {
  return log.lines.filter((line) => typeof line.status === 'number' && 'durationMs' in line);
}
