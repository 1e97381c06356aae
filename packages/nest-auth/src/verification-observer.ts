/** What became of one access token check by the guard (for metrics; no token, no claims). */
export type VerificationOutcome =
  'valid' | 'expired' | 'invalid' | 'revoked' | 'malformed' | 'missing';

export interface VerificationEvent {
  outcome: VerificationOutcome;
  /** The header's kid, when the header was well-formed; attacker-chosen unless `kidKnown`. */
  kid?: string;
  /** Whether the kid named a key the resolver holds (false: a kid miss). */
  kidKnown: boolean;
}

/**
 * Called once per verification. It must be cheap and must not throw: it runs on every request.
 * Policy code never imports metrics; the service wires this to its MetricsService.
 */
export type VerificationObserver = (event: VerificationEvent) => void;

const OUTCOME_BY_CODE: Readonly<Record<string, VerificationOutcome>> = {
  ERR_TOKEN_MISSING: 'missing',
  ERR_TOKEN_MALFORMED: 'malformed',
  ERR_TOKEN_EXPIRED: 'expired',
  ERR_TOKEN_INVALID: 'invalid',
  ERR_TOKEN_REVOKED: 'revoked',
};

export function outcomeOf(code: string): VerificationOutcome {
  return OUTCOME_BY_CODE[code] ?? 'invalid';
}
