import { Inject, Injectable, Logger } from '@nestjs/common';
import { AUTH_CLOCK, type Clock, epochSeconds } from './clock';
import {
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  isAuthenticationError,
  UnknownKidError,
} from './errors/token.errors';
import { AccessTokenVerifier } from './jwt/access-token.verifier';
import { extractBearerToken } from './jwt/bearer-token';
import { VERIFIER_SETUP, type VerifierSetup } from './verifier-setup';
import type { PolicyDefinition } from './policy/policy.builder';
import { checkAll } from './policy/policy.check';
import { checkStepUp } from './policy/step-up';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS } from './jwt/access-token-verifier.options';
import type { Principal } from './principal';
import { outcomeOf, VerificationObserver } from './verification-observer';

/**
 * Authentication (who is calling?) and authorization (may they?) for the guard, the passport
 * strategy and any code that holds a raw token. Wraps one AccessTokenVerifier.
 */
@Injectable()
export class WardenAuthService {
  readonly verifier: AccessTokenVerifier;
  private readonly logger = new Logger(WardenAuthService.name);
  private readonly onVerification: VerificationObserver | undefined;
  private readonly now: () => number;
  private readonly clockTolerance: number;

  constructor(@Inject(VERIFIER_SETUP) setup: VerifierSetup, @Inject(AUTH_CLOCK) clock: Clock) {
    const { keyResolver, revocationChecker, onVerification, ...rules } = setup;
    this.onVerification = onVerification;
    this.now = () => epochSeconds(clock);
    this.clockTolerance = rules.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    this.verifier = new AccessTokenVerifier(
      { ...rules, now: this.now },
      keyResolver,
      revocationChecker,
    );
  }

  /** The principal of an `Authorization` header value; throws an AuthenticationError (401). */
  authenticate(authorization: unknown): Promise<Principal> {
    let token: string;
    try {
      token = extractBearerToken(authorization);
    } catch (error) {
      if (isAuthenticationError(error)) this.observe(error.code, undefined);
      throw error;
    }
    return this.verifyToken(token);
  }

  /** The principal of a raw access token; throws an AuthenticationError (401). */
  async verifyToken(token: string): Promise<Principal> {
    try {
      const principal = await this.verifier.verify(token);
      this.observe('valid', token);
      return principal;
    } catch (error) {
      if (isAuthenticationError(error)) {
        this.logger.debug(`Access token refused: ${error.reason}`);
        this.observe(error.code, token, error instanceof UnknownKidError);
      }
      throw error;
    }
  }

  private observe(codeOrValid: string, token: string | undefined, kidMissed = false): void {
    if (this.onVerification === undefined) return;
    const outcome = codeOrValid === 'valid' ? 'valid' : outcomeOf(codeOrValid);
    const kid = token === undefined ? undefined : this.verifier.checkedKidOf(token);
    try {
      this.onVerification({ outcome, kid, kidKnown: kid !== undefined && !kidMissed });
    } catch {
      // An observer's failure must never turn a verification into a 500.
    }
  }

  /**
   * Throws unless every policy holds. The authentication event is checked first: a login without
   * the second factor or too old is InsufficientUserAuthenticationError (401, RFC 9470 §3) even
   * when permissions fail too, since the token after a step-up may carry other permissions; then
   * InsufficientScopeError (403) names the missing roles, permissions and predicates.
   */
  authorize(principal: Principal, policies: readonly PolicyDefinition[]): void {
    if (policies.length === 0) return;
    const time = { now: this.now(), clockTolerance: this.clockTolerance };
    const shortfall = checkStepUp(principal, policies, time);
    if (shortfall !== undefined) throw new InsufficientUserAuthenticationError(shortfall);
    const decision = checkAll(principal, policies);
    if (!decision.allowed) throw new InsufficientScopeError({ ...decision.missing });
  }
}
