import { ConfigurableModuleBuilder, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AUTH_MODULE_OPTIONS, AuthModuleOptions } from './auth.module.options';
import { TokenErrorsFilter } from './errors/token-errors.filter';
import { WardenAuthGuard } from './guards/warden-auth.guard';

/** Options of the module definition itself, beside the verification options. */
export interface AuthModuleExtras {
  /** Make the module's exports (guard, service, health indicator) visible everywhere. Default true. */
  global: boolean;
  /** Register WardenAuthGuard globally: every route without `@Public()` needs a token. Default true. */
  globalGuard: boolean;
  /** Answer token errors with 401/403 and `WWW-Authenticate` (RFC 6750). Default true. */
  exceptionFilter: boolean;
}

const GLOBAL_GUARD: Provider = { provide: APP_GUARD, useExisting: WardenAuthGuard };
const ERRORS_FILTER: Provider = { provide: APP_FILTER, useClass: TokenErrorsFilter };

export const {
  ConfigurableModuleClass: AuthConfigurableModule,
  OPTIONS_TYPE: AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthModuleOptions>({
  optionsInjectionToken: AUTH_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<AuthModuleExtras>(
    { global: true, globalGuard: true, exceptionFilter: true },
    (definition, extras) => ({
      ...definition,
      global: extras.global,
      providers: [
        ...(definition.providers ?? []),
        ...(extras.globalGuard ? [GLOBAL_GUARD] : []),
        ...(extras.exceptionFilter ? [ERRORS_FILTER] : []),
      ],
    }),
  )
  .build();
