import type { Clock } from './clock';
import type { KeyResolver } from './key-resolver';
import type { JwsAlgorithm } from './jwt/jws-header.check';
import type { RevocationChecker } from './revocation-checker';
import type { RequiredTokenUse } from './token-uses';
import type { IntrospectionOptions } from './remote/introspection.client';
import type { VerificationObserver } from './verification-observer';

/**
 * How an app verifies Warden's access tokens (docs/architecture.md §6). Keys come from exactly one
 * of `jwksUri` (Warden's `/.well-known/jwks.json`, the usual choice), `secret` (HS256/HS512 shared
 * secret) or `keyResolver` (your own). Everything is checked at start-up; a bad value stops the
 * app with one error listing every problem.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({
 *   issuer: 'https://auth.example.com',
 *   audience: 'reports-api',
 *   jwksUri: 'https://auth.example.com/.well-known/jwks.json',
 *   algorithms: ['RS256'],
 * })
 * ```
 */
export interface AuthModuleOptions {
  /** Accepted `iss` value, or an allow-list of them, compared exactly. */
  issuer: string | readonly string[];
  /** This app's audience(s): a token must name at least one. */
  audience: string | readonly string[];
  /** The JWK Set URL of the issuer. */
  jwksUri?: string;
  /** Shared secret (at least 32 bytes; 64 for HS512), with exactly one HMAC algorithm. */
  secret?: string | Buffer;
  /** A KeyResolver of your own (kid -> key parsed once). */
  keyResolver?: KeyResolver;
  /** Allow-list of JWS algorithms; required, non-empty. HS256/HS512 not with `jwksUri`. */
  algorithms: readonly JwsAlgorithm[];
  /** Seconds of clock skew tolerated on exp, nbf and iat. Default 5; above 300 is refused. */
  clockTolerance?: number;
  /** Longest a fetched JWKS counts as fresh, in seconds, whatever its Cache-Control says. Default 600. */
  jwksCacheMaxAge?: number;
  /**
   * Least time between two JWKS fetches, in seconds. A token with an unknown kid refetches as soon
   * as the last fetch is this old (a key rotated in is picked up at once); a flood of made-up kids
   * costs at most one fetch per interval. Default 1.
   */
  jwksCooldown?: number;
  /** Longest a request with an unknown kid waits for the JWKS, in milliseconds. Default 2000. */
  jwksWaitTimeout?: number;
  /** Load only JWKS keys with these RFC 7638 thumbprints. */
  allowedThumbprints?: readonly string[];
  /**
   * Accept only these callers: a preset of TOKEN_USES (`TOKEN_USES.users`, or its name `'users'`),
   * one `token_use` (`'access'`) or a list of them. Default: every token use.
   */
  requiredTokenUse?: RequiredTokenUse;
  /** Longest accepted `exp - iat`, in seconds. Default 3600. */
  maxTokenTtl?: number;
  /** Verified tokens kept for reuse (0 turns the cache off). Default 10,000. */
  cacheSize?: number;
  /** Also ask the issuer (RFC 7662) whether each token is still active. */
  introspection?: IntrospectionOptions;
  /** A revocation check of your own (not together with `introspection`). */
  revocationChecker?: RevocationChecker;
  /** Told the outcome of every verification (metrics); must be cheap and must not throw. */
  onVerification?: VerificationObserver;
  /**
   * For development only: 401 bodies also carry `reason` (`iss mismatch`, `aud mismatch`,
   * `alg not allowed`, ...), which in production would tell an attacker which check failed.
   * Reasons are always logged at `debug`. Default false.
   */
  exposeRefusalReasons?: boolean;
  /** The time source (tests). Default the system clock. */
  clock?: Clock;
}

/** The injection token of the resolved AuthModuleOptions. */
export const AUTH_MODULE_OPTIONS = Symbol.for('warden:auth-module-options');
