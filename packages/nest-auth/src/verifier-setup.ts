import type { AccessTokenVerifierOptions } from './jwt/access-token-verifier.options';
import type { KeyResolver } from './key-resolver';
import type { RevocationChecker } from './revocation-checker';
import type { VerificationObserver } from './verification-observer';

/**
 * What WardenAuthService is built from, derived once from the checked AuthModuleOptions: the
 * verifier's rules, where keys and revocations come from, and who hears every outcome.
 */
export interface VerifierSetup extends Omit<AccessTokenVerifierOptions, 'now'> {
  keyResolver: KeyResolver;
  revocationChecker?: RevocationChecker;
  onVerification?: VerificationObserver;
}

export const VERIFIER_SETUP = Symbol('warden:verifier-setup');
