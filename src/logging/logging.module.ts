import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogger } from './app-logger.service';

export const ROOT_LOGGER = Symbol.for('warden:root-logger');

/**
 * Makes the process's root logger injectable as `ROOT_LOGGER` (the access log uses it), and
 * Nest's LoggerService over it as `AppLogger` (`app.useLogger(app.get(AppLogger))`).
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: AppLogger, useValue: new AppLogger(logger) },
      ],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}
