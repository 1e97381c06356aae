// @warden/nest-auth: what an app needs to verify Warden's tokens and guard its routes. Only
// @nestjs/common, @nestjs/core, rxjs and reflect-metadata are loaded from here; the OpenAPI,
// passport and terminus integrations are the sub-paths `/swagger`, `/passport`, `/terminus`.
export { AuthModule } from './auth.module';
export { AUTH_MODULE_OPTIONS } from './auth.module.options';
export type { AuthModuleOptions } from './auth.module.options';
export { TOKEN_USES } from './token-uses';
export type { RequiredTokenUse, TokenUsePreset } from './token-uses';
export type { AuthModuleExtras } from './auth.module-definition';
export { AUTH_ASYNC_OPTIONS_TYPE, AUTH_OPTIONS_TYPE } from './auth.module-definition';
export {
  AuthModuleOptionsError,
  assertAuthModuleOptions,
  authModuleOptionsProblems,
} from './auth.module.options.check';
export { CLOCK, SystemClock, epochSeconds } from './clock';
export type { Clock } from './clock';
export { WardenError } from './warden-error';

// Decorators
export { Public, IS_PUBLIC } from './public.decorator';
export { RequiresAuth } from './decorators/requires-auth.decorator';
export { Roles } from './decorators/roles.decorator';
export { Permissions } from './decorators/permissions.decorator';
export { Policy } from './decorators/policy.decorator';
export { RequiresMfa } from './decorators/requires-mfa.decorator';
export { CurrentUser } from './decorators/current-user.decorator';
export { Claims } from './decorators/claims.decorator';
export { policy, PolicyBuilder } from './policy/policy.builder';
export type { PolicyDefinition } from './policy/policy.builder';
export { check, checkAll } from './policy/policy.check';
export type { PolicyDecision } from './policy/policy.check';
export { checkStepUp, hasMfa, MFA_ACR, SECOND_FACTOR_AMR } from './policy/step-up';
export type { StepUpShortfall, StepUpTime } from './policy/step-up';

// Guard, service, principal
export { WardenAuthGuard } from './guards/warden-auth.guard';
export { requestOf } from './guards/request-of';
export type { AuthenticatedRequest } from './guards/request-of';
export { WardenAuthService } from './warden-auth.service';
export type { CustomClaims, FrozenJson, Principal, VerifiedClaims } from './principal';
export type { AccessTokenClaims, ActorClaim, TokenUse } from './access-token-claims';
export { AccessTokenVerifier } from './jwt/access-token.verifier';
export type { AccessTokenVerifierOptions } from './jwt/access-token-verifier.options';
export { MAX_ACTOR_DEPTH } from './jwt/access-token-claims.check';
export { isJwsAlgorithm, JWS_ALGORITHMS } from './jwt/jws-header.check';
export type { JwsAlgorithm } from './jwt/jws-header.check';
export type {
  VerificationEvent,
  VerificationObserver,
  VerificationOutcome,
} from './verification-observer';

// Key sources and revocation
export { KEY_RESOLVER } from './key-resolver';
export type { KeyResolver, ResolvedKey } from './key-resolver';
export { REVOCATION_CHECKER } from './revocation-checker';
export type { RevocationChecker } from './revocation-checker';
export { RemoteJwksKeyResolver } from './remote/remote-jwks.key-resolver';
export type { RemoteJwksOptions } from './remote/remote-jwks.key-resolver';
export { SharedSecretKeyResolver } from './remote/shared-secret.key-resolver';
export { IntrospectionClient } from './remote/introspection.client';
export type { IntrospectionOptions } from './remote/introspection.client';
export { JwksHealthIndicator } from './remote/jwks.health-indicator';
export type { JwksHealthResult } from './remote/jwks.health-indicator';
export type { JwksStatus } from './remote/jwks-status';
export { jwkThumbprint, publicJwkThumbprint } from './jwk-thumbprint';

// Errors and their HTTP answers
export {
  AuthenticationError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  isAuthenticationError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMalformedError,
  TokenMissingError,
  TokenRevokedError,
  UnknownKidError,
} from './errors/token.errors';
export { IntrospectionUnavailableError, KeysUnavailableError } from './remote/remote.errors';
export { GraphqlTokenError, TokenErrorsFilter } from './errors/token-errors.filter';
export { TOKEN_ERROR_HTTP } from './errors/error-http';
export type { HttpMapping } from './errors/error-http';
export { BEARER_REALM, bearerChallenge } from './errors/bearer-challenge';

// JSON text checks the verifier applies to tokens, shared with the service's body parser.
export { firstDuplicateMember } from './jwt/json-duplicate-members';
export { exceedsJsonDepth } from './jwt/json-depth';
