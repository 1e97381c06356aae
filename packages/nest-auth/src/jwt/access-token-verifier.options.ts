import type { TokenUse } from '../access-token-claims';
import { DEFAULT_MAX_TOKEN_LENGTH } from './compact-jws.parser';
import { isJwsAlgorithm, JwsAlgorithm } from './jws-header.check';
import { isIntegerIn, isNameList, isPositiveInteger, toList } from '../option-values';
import type { ClaimRules } from './access-token-claims.check';

/** What a verifier accepts. Everything but issuer, audience and algorithms has a default. */
export interface AccessTokenVerifierOptions {
  /** Accepted `iss` value(s), compared exactly. */
  issuer: string | readonly string[];
  /** The audience(s) this verifier serves; a token must name at least one. */
  audience: string | readonly string[];
  /** The allow-list (RFC 8725 §3.1). A token's alg must be listed and equal its key's alg. */
  algorithms: readonly JwsAlgorithm[];
  /** Seconds of clock skew tolerated on exp, nbf and iat. Default 5, at most 300. */
  clockTolerance?: number;
  /** Longest accepted `exp - iat`, in seconds. Default 3600. */
  maxTokenTtl?: number;
  /** Accepted `token_use` values. Default: access, service and delegated. */
  tokenUses?: readonly TokenUse[];
  /** Longest accepted token, in characters. Default 8192. */
  maxTokenLength?: number;
  /** Verified tokens kept for reuse; 0 turns the cache off. Default 10,000. */
  cacheSize?: number;
  /** The current time in epoch seconds. Default: the system clock. */
  now?: () => number;
}

export interface ResolvedVerifierOptions {
  algorithms: ReadonlySet<string>;
  rules: ClaimRules;
  maxTokenLength: number;
  cacheSize: number;
  now: () => number;
}

export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
const DEFAULT_MAX_TOKEN_TTL_SECONDS = 3600;

/** The rules a verifier and AuthModule share, and so check with the same function. */
export type VerifierRuleOptions = Pick<
  AccessTokenVerifierOptions,
  'issuer' | 'audience' | 'algorithms' | 'clockTolerance' | 'maxTokenTtl'
>;

/**
 * Every problem of the verification rules (an empty list when they are usable). AuthModule
 * lists these among its own start-up problems; a verifier built without the module refuses them
 * in its constructor.
 */
export function verifierOptionsProblems(options: VerifierRuleOptions): string[] {
  const algorithms: readonly unknown[] = Array.isArray(options.algorithms)
    ? options.algorithms
    : [];
  const clockTolerance = options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const maxTokenTtl = options.maxTokenTtl ?? DEFAULT_MAX_TOKEN_TTL_SECONDS;
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  check(isNameList(options.issuer), 'issuer must be a non-empty string or list of them');
  check(isNameList(options.audience), 'audience must be a non-empty string or list of them');
  check(algorithms.length > 0, 'algorithms must be a non-empty allow-list');
  for (const alg of algorithms) {
    const known = typeof alg === 'string' && isJwsAlgorithm(alg);
    check(known, `algorithm ${String(alg)} is unsupported`);
  }
  check(
    isIntegerIn(clockTolerance, 0, MAX_CLOCK_TOLERANCE_SECONDS),
    `clockTolerance must be an integer from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS} seconds`,
  );
  check(isPositiveInteger(maxTokenTtl), 'maxTokenTtl must be a positive integer (seconds)');
  return problems;
}

/** Validates the options once, at construction: a misconfigured verifier must not start. */
export function resolveVerifierOptions(
  options: AccessTokenVerifierOptions,
): ResolvedVerifierOptions {
  const problems = verifierOptionsProblems(options);
  if (problems.length > 0) {
    throw new TypeError(`Invalid access token verifier options: ${problems.join('; ')}`);
  }
  return {
    algorithms: new Set(options.algorithms),
    rules: {
      issuers: new Set(toList(options.issuer)),
      audiences: new Set(toList(options.audience)),
      tokenUses: new Set(options.tokenUses ?? ['access', 'service', 'delegated']),
      clockTolerance: options.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      maxTokenTtl: options.maxTokenTtl ?? DEFAULT_MAX_TOKEN_TTL_SECONDS,
    },
    maxTokenLength: options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH,
    cacheSize: options.cacheSize ?? 10_000,
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
  };
}
