import type { AccessTokenVerifierOptions } from './jwt/access-token-verifier.options';
import type { KeyResolver } from './key-resolver';
import type { RevocationChecker } from './revocation-checker';
import type { VerificationObserver } from './verification-observer';

/**
 * PolicyModule's options: the verifier's rules, plus where keys and revocations come from. When
 * `keyResolver`/`revocationChecker` are left out, the providers registered under KEY_RESOLVER and
 * REVOCATION_CHECKER are used (the latter is optional). The time comes from the CLOCK provider
 * when there is one.
 */
export interface PolicyModuleOptions extends Omit<AccessTokenVerifierOptions, 'now'> {
  keyResolver?: KeyResolver;
  revocationChecker?: RevocationChecker;
  /** Told the outcome of every verification (e.g. to count them by kid and outcome). */
  onVerification?: VerificationObserver;
}

/** The injection token of the resolved PolicyModuleOptions. */
export const POLICY_MODULE_OPTIONS = Symbol.for('warden:policy-module-options');
