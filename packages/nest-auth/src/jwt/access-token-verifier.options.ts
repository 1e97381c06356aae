import type { TokenUse } from '../access-token-claims';
import { DEFAULT_MAX_TOKEN_LENGTH } from './compact-jws.parser';
import { isJwsAlgorithm, JwsAlgorithm } from './jws-header.check';
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

/** Validates the options once, at construction: a misconfigured verifier must not start. */
export function resolveVerifierOptions(
  options: AccessTokenVerifierOptions,
): ResolvedVerifierOptions {
  const issuers = toList(options.issuer);
  const audiences = toList(options.audience);
  const clockTolerance = options.clockTolerance ?? 5;
  const maxTokenTtl = options.maxTokenTtl ?? 3600;
  const problems: string[] = [];
  if (issuers.length === 0 || issuers.some((value) => value === '')) problems.push('issuer');
  if (audiences.length === 0 || audiences.some((value) => value === '')) problems.push('audience');
  if (options.algorithms.length === 0 || !options.algorithms.every((alg) => isJwsAlgorithm(alg))) {
    problems.push('algorithms');
  }
  if (!isIntegerIn(clockTolerance, 0, MAX_CLOCK_TOLERANCE_SECONDS)) problems.push('clockTolerance');
  if (!isIntegerIn(maxTokenTtl, 1, Number.MAX_SAFE_INTEGER)) problems.push('maxTokenTtl');
  if (problems.length > 0) {
    throw new TypeError(`Invalid access token verifier options: ${problems.join(', ')}`);
  }
  return {
    algorithms: new Set(options.algorithms),
    rules: {
      issuers: new Set(issuers),
      audiences: new Set(audiences),
      tokenUses: new Set(options.tokenUses ?? ['access', 'service', 'delegated']),
      clockTolerance,
      maxTokenTtl,
    },
    maxTokenLength: options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH,
    cacheSize: options.cacheSize ?? 10_000,
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
  };
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
