// @warden/nest-auth/passport: Warden's verifier as a passport strategy, for apps that use
// AuthGuard('warden-jwt'). Needs @nestjs/passport, passport and passport-strategy.
export { WardenBearerStrategy } from './warden-bearer.strategy';
export type { VerifiedCallback, WardenBearerStrategyOptions } from './warden-bearer.strategy';
export { WardenJwtStrategy } from './warden-jwt.strategy';
