import type { Request } from 'express';
import { ExtractJwt, JwtFromRequestFunction } from 'passport-jwt';
import { Strategy } from 'passport-strategy';
import { bearerChallenge } from '../errors/bearer-challenge';
import type { Principal } from '../principal';

export interface WardenBearerStrategyOptions {
  /** Warden's verifier (AccessTokenVerifier.verify or WardenAuthService.verifyToken). */
  verifyToken: (token: string) => Promise<Principal>;
  /** Where the token comes from. Default: passport-jwt's `fromAuthHeaderAsBearerToken()`. */
  jwtFromRequest?: JwtFromRequestFunction;
}

export type VerifiedCallback = (
  principal: Principal,
  done: (error: unknown, user?: unknown, info?: object) => void,
) => void;

/**
 * A passport strategy with passport-jwt's token extraction and Warden's verifier. passport-jwt's
 * own Strategy always verifies through jsonwebtoken, which accepts any `typ`, ignores `crit` and
 * would re-parse a PEM per request; this one keeps passport's contract and Warden's rules.
 * A missing token fails (so another strategy may try); a bad token errors with its typed
 * AuthenticationError, which Nest's AuthGuard rethrows as is (401 with its challenge).
 */
export class WardenBearerStrategy extends Strategy {
  readonly name: string = 'warden-jwt';
  private readonly jwtFromRequest: JwtFromRequestFunction;
  private readonly verifyToken: (token: string) => Promise<Principal>;

  constructor(
    options: WardenBearerStrategyOptions,
    private readonly verified: VerifiedCallback = (principal, done) => done(null, principal),
  ) {
    super();
    this.verifyToken = options.verifyToken;
    this.jwtFromRequest = options.jwtFromRequest ?? ExtractJwt.fromAuthHeaderAsBearerToken();
  }

  override authenticate(request: Request): void {
    const token: unknown = this.jwtFromRequest(request);
    if (typeof token !== 'string' || token === '') {
      this.fail(bearerChallenge('ERR_TOKEN_MISSING'), 401);
      return;
    }
    this.verifyToken(token).then(
      (principal) =>
        this.verified(principal, (error, user, info) => this.finish(error, user, info)),
      (error: unknown) => this.error(error as Error),
    );
  }

  private finish(error: unknown, user: unknown, info?: object): void {
    if (error !== null && error !== undefined) return this.error(error as Error);
    if (user === false || user === null || user === undefined) return this.fail(info ?? {}, 401);
    this.success(user, info);
  }
}
