import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AllExceptionsFilter } from './common/errors';
import { AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { KeysModule } from './keys/keys.module';
import { createLogger, LoggingModule } from './logging';
import { MetricsModule } from './metrics/metrics.module';
import { MfaRoutesModule } from './mfa/mfa-routes.module';
import { PolicyModule } from './policy/policy.module';
import {
  SHARED_THROTTLER_STORAGE,
  ThrottleStorageModule,
} from './throttle/throttle-storage.module';
import { OidcModule } from './oidc/oidc.module';
import { OAuthModule } from './tokens/oauth/oauth.module';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The resolved database: DATABASE_URL, or the embedded server started for this process. */
  databaseUrl: string;
  /** The process's root logger (main.ts's); tests leave it out and get one made from config. */
  logger?: Logger;
}

/** The Warden service: every feature module, composed. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger ?? createLogger(config)),
        DatabaseModule.forRoot(databaseUrl),
        ScheduleModule.forRoot(),
        KeysModule,
        HealthModule,
        // Per-IP limit of the credential routes (applied per route with @ThrottleAuth()).
        // Its counters are shared by every replica (ThrottleStorageModule), so the limit holds
        // across them.
        ThrottlerModule.forRootAsync({
          imports: [ThrottleStorageModule],
          inject: [SHARED_THROTTLER_STORAGE],
          useFactory: (storage: ThrottlerStorage) => ({
            throttlers: [{ limit: config.auth.throttleLimit, ttl: config.auth.throttleTtl * 1000 }],
            storage,
          }),
        }),
        AuditModule,
        UsersModule,
        TokensModule,
        MfaRoutesModule,
        AdminModule,
        // Deny by default: every route without @Public() needs a valid access token, verified
        // against the local key store and the in-memory revocation state.
        PolicyModule.forRoot(config),
        OAuthModule,
        OidcModule,
        MetricsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
