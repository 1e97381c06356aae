import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, SystemClock } from '@warden/nest-auth';
import { AppConfig } from './app-config';

export const APP_CONFIG = Symbol.for('warden:app-config');

/**
 * Makes the already validated configuration injectable everywhere as `APP_CONFIG`, and the
 * clock as `CLOCK` (tests override it with `FakeClock`).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useClass: SystemClock },
      ],
      exports: [APP_CONFIG, CLOCK],
    };
  }
}
