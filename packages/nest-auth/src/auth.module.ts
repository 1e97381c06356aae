import { Module } from '@nestjs/common';
import { AUTH_MODULE_PROVIDERS } from './auth.module.providers';
import { AuthConfigurableModule } from './auth.module-definition';
import { KEY_RESOLVER } from './key-resolver';
import { WardenAuthGuard } from './guards/warden-auth.guard';
import { JwksHealthIndicator } from './remote/jwks.health-indicator';
import { WardenAuthService } from './warden-auth.service';

/**
 * Guards any Nest app (Express or Fastify) with Warden's access tokens: the same verifier,
 * decorators and guard as inside the service, with keys from Warden's JWKS (or a shared secret,
 * or a resolver of your own). By default the module is global, its guard protects every route
 * without `@Public()`, and token errors answer 401/403 with a `WWW-Authenticate` challenge.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     AuthModule.forRoot({
 *       issuer: 'https://auth.example.com',
 *       audience: 'reports-api',
 *       jwksUri: 'https://auth.example.com/.well-known/jwks.json',
 *       algorithms: ['RS256'],
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * // or: AuthModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory })
 * ```
 */
@Module({
  providers: [...AUTH_MODULE_PROVIDERS, WardenAuthService, WardenAuthGuard, JwksHealthIndicator],
  exports: [WardenAuthService, WardenAuthGuard, JwksHealthIndicator, KEY_RESOLVER],
})
export class AuthModule extends AuthConfigurableModule {}
