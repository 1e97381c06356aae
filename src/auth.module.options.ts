import type { TokenUse } from './policy/access-token-claims';
import type { Clock } from './common/clock';
import type { KeyResolver } from './policy/key-resolver';
import type { JwsAlgorithm } from './policy/jwt/jws-header.check';
import type { RevocationChecker } from './policy/revocation-checker';
import type { IntrospectionOptions } from './policy/remote/introspection.client';

/**
 * How an app verifies Warden's access tokens (DESIGN §6). Keys come from exactly one of
 * `jwksUri` (Warden's `/.well-known/jwks.json`, the usual choice), `secret` (HS256/HS512 shared
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
  /** Allow-list of JWS algorithms; required, non-empty. HS256/HS512 only with `secret`. */
  algorithms: readonly JwsAlgorithm[];
  /** Seconds of clock skew tolerated on exp, nbf and iat. Default 5; above 300 is refused. */
  clockTolerance?: number;
  /** Longest a fetched JWKS counts as fresh, in seconds, whatever its Cache-Control says. Default 600. */
  jwksCacheMaxAge?: number;
  /** Least time between two JWKS fetches, in seconds (an unknown kid waits for it). Default 30. */
  jwksCooldown?: number;
  /** Load only JWKS keys with these RFC 7638 thumbprints. */
  allowedThumbprints?: readonly string[];
  /** Accept only these `token_use` values, e.g. `'access'` for user tokens only. Default: all. */
  requiredTokenUse?: TokenUse | readonly TokenUse[];
  /** Longest accepted `exp - iat`, in seconds. Default 3600. */
  maxTokenTtl?: number;
  /** Verified tokens kept for reuse (0 turns the cache off). Default 10,000. */
  cacheSize?: number;
  /** Also ask the issuer (RFC 7662) whether each token is still active. */
  introspection?: IntrospectionOptions;
  /** A revocation check of your own (ignored when `introspection` is set). */
  revocationChecker?: RevocationChecker;
  /** The time source (tests). Default the system clock. */
  clock?: Clock;
}

/** The injection token of the resolved AuthModuleOptions. */
export const AUTH_MODULE_OPTIONS = Symbol.for('warden:auth-module-options');
