import { ConfigurableModuleBuilder, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WardenAuthGuard } from './guards/warden-auth.guard';
import { POLICY_MODULE_OPTIONS, PolicyModuleOptions } from './policy-module.options';

export interface PolicyModuleExtras {
  /** Register WardenAuthGuard as a global guard (deny by default). Default true. */
  globalGuard: boolean;
  /** Make the module's exports visible everywhere. Default true. */
  isGlobal: boolean;
}

const GLOBAL_GUARD: Provider = { provide: APP_GUARD, useExisting: WardenAuthGuard };

export const {
  ConfigurableModuleClass: PolicyConfigurableModule,
  OPTIONS_TYPE: POLICY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: POLICY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PolicyModuleOptions>({
  optionsInjectionToken: POLICY_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<PolicyModuleExtras>({ globalGuard: true, isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    providers: [...(definition.providers ?? []), ...(extras.globalGuard ? [GLOBAL_GUARD] : [])],
  }))
  .build();
