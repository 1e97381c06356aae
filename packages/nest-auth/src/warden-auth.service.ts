import { Inject, Injectable, Logger } from '@nestjs/common';
import { AUTH_CLOCK, type Clock, epochSecondsReader } from './clock';
import {
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  isAuthenticationError,
  UnknownKidError,
} from './errors/token.errors';
import { AccessTokenVerifier } from './jwt/access-token.verifier';
import { extractBearerToken } from './jwt/bearer-token';
import { isPromise, type MaybePromise } from './jwt/maybe-promise';
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
    this.now = epochSecondsReader(clock);
    this.clockTolerance = rules.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    this.verifier = new AccessTokenVerifier(
      { ...rules, now: this.now },
      keyResolver,
      revocationChecker,
    );
  }

  /** The principal of an `Authorization` header value; throws an AuthenticationError (401). */
  async authenticate(authorization: unknown): Promise<Principal> {
    return this.authenticateInline(authorization);
  }

  /**
   * authenticate, without a promise where none is needed (see AccessTokenVerifier.verifyInline):
   * the guard's hot path. Throws, or returns a promise that rejects, with an AuthenticationError.
   */
  authenticateInline(authorization: unknown): MaybePromise<Principal> {
    let token: string;
    try {
      token = extractBearerToken(authorization);
    } catch (error) {
      if (isAuthenticationError(error)) this.observe(error.code, undefined);
      throw error;
    }
    return this.verifyInline(token);
  }

  /** The principal of a raw access token; throws an AuthenticationError (401). */
  async verifyToken(token: string): Promise<Principal> {
    return this.verifyInline(token);
  }

  private verifyInline(token: string): MaybePromise<Principal> {
    let answer: MaybePromise<Principal>;
    try {
      answer = this.verifier.verifyInline(token);
    } catch (error) {
      throw this.refused(error, token);
    }
    if (!isPromise(answer)) return this.accepted(answer, token);
    return answer.then(
      (principal) => this.accepted(principal, token),
      (error: unknown) => {
        throw this.refused(error, token);
      },
    );
  }

  private accepted(principal: Principal, token: string): Principal {
    this.observe('valid', token);
    return principal;
  }

  /** Logs and reports a refusal; returns the error for the caller to throw on. */
  private refused(error: unknown, token: string): unknown {
    if (isAuthenticationError(error)) {
      this.logger.debug(`Access token refused: ${error.reason}`);
      this.observe(error.code, token, error instanceof UnknownKidError);
    }
    return error;
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
    // Only step-up policies need the clock (a Date per request) and checkStepUp's allocations.
    if (policies.some(demandsStepUp)) {
      const time = { now: this.now(), clockTolerance: this.clockTolerance };
      const shortfall = checkStepUp(principal, policies, time);
      if (shortfall !== undefined) throw new InsufficientUserAuthenticationError(shortfall);
    }
    const decision = checkAll(principal, policies);
    if (!decision.allowed) throw new InsufficientScopeError({ ...decision.missing });
  }
}

function demandsStepUp(definition: PolicyDefinition): boolean {
  return definition.mfa === true || definition.maxAge !== undefined;
}
