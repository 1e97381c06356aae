// Warden's library entry: what an app needs to verify Warden's tokens and guard its routes.
// Only the policy core and the AuthModule are reachable from here: importing the library never
// loads the service's users, tokens, keys or database modules (nor TypeORM or pg).
export { AuthModule } from './auth.module';
export { AUTH_MODULE_OPTIONS } from './auth.module.options';
export type { AuthModuleOptions } from './auth.module.options';
export type { AuthModuleExtras } from './auth.module-definition';
export { AUTH_ASYNC_OPTIONS_TYPE, AUTH_OPTIONS_TYPE } from './auth.module-definition';
export {
  AuthModuleOptionsError,
  assertAuthModuleOptions,
  authModuleOptionsProblems,
} from './auth.module.options.check';
export type { Clock } from './common/clock';
export { WardenError } from './common/errors/warden-error';

// Decorators
export { Public, IS_PUBLIC } from './policy/public.decorator';
export { RequiresAuth } from './policy/decorators/requires-auth.decorator';
export { Roles } from './policy/decorators/roles.decorator';
export { Permissions } from './policy/decorators/permissions.decorator';
export { Policy } from './policy/decorators/policy.decorator';
export { CurrentUser } from './policy/decorators/current-user.decorator';
export type { AuthenticatedRequest } from './policy/decorators/current-user.decorator';
export { Claims } from './policy/decorators/claims.decorator';
export { policy, PolicyBuilder } from './policy/policy/policy.builder';
export type { PolicyDefinition } from './policy/policy/policy.builder';

// Guard, service, principal
export { WardenAuthGuard } from './policy/guards/warden-auth.guard';
export { WardenAuthService } from './policy/warden-auth.service';
export type { Principal } from './policy/principal';
export type { AccessTokenClaims, ActorClaim, TokenUse } from './policy/access-token-claims';
export { AccessTokenVerifier } from './policy/jwt/access-token.verifier';
export type { AccessTokenVerifierOptions } from './policy/jwt/access-token-verifier.options';
export type { JwsAlgorithm } from './policy/jwt/jws-header.check';

// Key sources and revocation
export { KEY_RESOLVER } from './policy/key-resolver';
export type { KeyResolver, ResolvedKey } from './policy/key-resolver';
export { REVOCATION_CHECKER } from './policy/revocation-checker';
export type { RevocationChecker } from './policy/revocation-checker';
export { RemoteJwksKeyResolver } from './policy/remote/remote-jwks.key-resolver';
export type { RemoteJwksOptions } from './policy/remote/remote-jwks.key-resolver';
export { SharedSecretKeyResolver } from './policy/remote/shared-secret.key-resolver';
export { IntrospectionClient } from './policy/remote/introspection.client';
export type { IntrospectionOptions } from './policy/remote/introspection.client';
export { JwksHealthIndicator } from './policy/remote/jwks.health-indicator';
export type { JwksHealthResult } from './policy/remote/jwks.health-indicator';
export type { JwksStatus } from './policy/remote/jwks-status';

// Errors
export {
  AuthenticationError,
  InsufficientScopeError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMalformedError,
  TokenMissingError,
  TokenRevokedError,
} from './policy/errors/token.errors';
export { IntrospectionUnavailableError } from './policy/remote/remote.errors';
export { TokenErrorsFilter } from './policy/errors/token-errors.filter';
export { bearerChallenge } from './policy/errors/bearer-challenge';
