import { Module } from '@nestjs/common';
import { WardenAuthGuard } from './guards/warden-auth.guard';
import { PolicyConfigurableModule } from './policy.module-definition';
import { WardenAuthService } from './warden-auth.service';

/**
 * Token verification and route policy. `forRoot(options)` / `forRootAsync({ imports, inject,
 * useFactory })`; by default the guard is global (deny by default) and the module is global.
 *
 * @example
 * ```ts
 * PolicyModule.forRootAsync({
 *   imports: [KeysModule],
 *   inject: [APP_CONFIG],
 *   useFactory: (config: AppConfig) => policyOptionsFromConfig(config),
 * })
 * ```
 */
@Module({
  providers: [WardenAuthService, WardenAuthGuard],
  exports: [WardenAuthService, WardenAuthGuard],
})
export class PolicyModule extends PolicyConfigurableModule {}
