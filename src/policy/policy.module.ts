import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, CLOCK, type Clock } from '@warden/nest-auth';
import type { AppConfig } from '../config';
import { KeysModule } from '../keys/keys.module';
import { LocalKeyResolver } from '../keys/local-key.resolver';
import { MetricsService } from '../metrics/metrics.service';
import { RevocationService } from '../tokens/revocation.service';
import { TokensModule } from '../tokens/tokens.module';
import { policyOptionsFromConfig } from './policy-options.from-config';

/**
 * The service's token verification and route policy: the library's AuthModule, the very one apps
 * install, fed by the local key store (no JWKS round trip), the in-memory revocation state and
 * the metrics. Deny by default: every route without `@Public()` needs a valid access token. Token
 * errors are answered by the service's own exception filter, like every other error.
 */
@Module({})
export class PolicyModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PolicyModule,
      imports: [
        AuthModule.forRootAsync({
          imports: [KeysModule, TokensModule],
          inject: [LocalKeyResolver, RevocationService, CLOCK, MetricsService],
          useFactory: (
            keyResolver: LocalKeyResolver,
            revocationChecker: RevocationService,
            clock: Clock,
            metrics: MetricsService,
          ) => ({
            ...policyOptionsFromConfig(config),
            keyResolver,
            revocationChecker,
            clock,
            onVerification: ({ kid, outcome, kidKnown }) =>
              metrics.recordVerification(kid, outcome, kidKnown),
          }),
          global: true,
          globalGuard: true,
          exceptionFilter: false,
        }),
      ],
    };
  }
}
