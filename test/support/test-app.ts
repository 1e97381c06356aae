import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { CLOCK, Clock } from '../../packages/nest-auth/src/clock';
import { AppConfig, parseConfig } from '../../src/config';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  databaseUrl: string;
  /** fetch() against the running server, path relative to its base URL. */
  request: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => Promise<void>;
}

/** Settings that make tests fast and quiet without changing behaviour. */
export const TEST_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  BCRYPT_COST: '4',
};

/**
 * Boots the real service (same module graph, same pipes, filters and HTTP adapter as main.ts)
 * on a fresh database and a free port.
 */
export interface TestAppOptions {
  /** Replaces the system clock, so a test can move time instead of sleeping. */
  clock?: Clock;
  /** Listen on this port (default: any free one), e.g. to make JWT_ISSUER the base URL. */
  port?: number;
  /**
   * Boot on this existing database (another test app's `databaseUrl`) instead of a fresh one,
   * e.g. to see a second configuration on the same data. Its owner drops it, not this app.
   * Pass both apps the same KEY_ENCRYPTION_KEY, or this one cannot read the signing keys.
   */
  databaseUrl?: string;
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'warden-data-'));
  const config = parseConfig({
    ...TEST_ENV,
    DATA_DIR: dataDir,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl: database.url })],
  });
  if (options.clock) builder = builder.overrideProvider(CLOCK).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
    logger: false,
    abortOnError: false,
  });
  configureApp(app, config);
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    config,
    baseUrl,
    databaseUrl: database.url,
    request: (path, init) => fetch(`${baseUrl}${path}`, init),
    close: async () => {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
