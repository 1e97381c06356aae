import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../examples/consumer-app/src/app.module';
import { createHttpAdapter, HttpPlatform } from '../../examples/consumer-app/src/http-adapter';
import { FakeClock } from '../../src/common/fake-clock';
import {
  AUTH_MODULE_OPTIONS,
  AuthModuleOptions,
  JwksHealthIndicator,
  KEY_RESOLVER,
  RemoteJwksKeyResolver,
} from '../../packages/nest-auth/src';

/**
 * Keeps log lines, so a test can assert what a consumer said. One for every consumer app: Nest's
 * Logger is process-wide, so the last app created would otherwise take every app's lines.
 */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (message: unknown): void => this.record('log', message);
  warn = (message: unknown): void => this.record('warn', message);
  error = (message: unknown): void => this.record('error', message);
  debug = (): void => undefined;
  verbose = (): void => undefined;

  private record(level: string, message: unknown): void {
    this.lines.push(`${level}: ${String(message)}`);
  }
}

export const consumerLogs = new RecordingLogger();

export interface ConsumerApp {
  app: INestApplication;
  clock: FakeClock;
  /** The remote JWKS resolver (undefined in shared-secret or custom-resolver mode). */
  jwks?: RemoteJwksKeyResolver;
  health: JwksHealthIndicator;
  request: (path: string, token?: string) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * The example consumer app (examples/consumer-app) on loopback, on the chosen HTTP platform,
 * with its AuthModule options replaced by the test's (the example reads them from env vars).
 */
export async function startConsumer(
  platform: HttpPlatform,
  options: AuthModuleOptions,
): Promise<ConsumerApp> {
  const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock(Date.now());
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AUTH_MODULE_OPTIONS)
    .useValue({ ...options, clock })
    .compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(platform), {
    logger: consumerLogs,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const resolver = app.get<unknown>(KEY_RESOLVER);
  return {
    app,
    clock,
    jwks: resolver instanceof RemoteJwksKeyResolver ? resolver : undefined,
    health: app.get(JwksHealthIndicator),
    request: (path, token) =>
      fetch(`${baseUrl}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      }),
    close: () => app.close(),
  };
}

/** Boots a consumer for one check and always closes it. */
export async function withConsumer<T>(
  platform: HttpPlatform,
  options: AuthModuleOptions,
  use: (consumer: ConsumerApp) => Promise<T>,
): Promise<T> {
  const consumer = await startConsumer(platform, options);
  try {
    return await use(consumer);
  } finally {
    await consumer.close();
  }
}

/** The `WWW-Authenticate` value of an invalid_token refusal with this description. */
export function invalidTokenChallenge(description: string): string {
  return `Bearer realm="warden", error="invalid_token", error_description="${description}"`;
}
