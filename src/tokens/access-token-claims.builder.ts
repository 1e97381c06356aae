import type { AccessTokenClaims, ActorClaim, TokenUse } from '@warden/nest-auth';
import { withoutReservedClaims } from '../apis/reserved-claims';
import { type Authentication, authenticationClaims } from './authentication';

/**
 * docs/architecture.md §3: a delegated token lives at most this long, and never past its
 * subject token.
 */
export const DELEGATED_TOKEN_MAX_TTL = 300;

/** Who a token is for and what it carries; everything that is not about time or identity of the issuer. */
export interface AccessTokenSubject {
  sub: string;
  tokenUse: TokenUse;
  clientId: string;
  roles: readonly string[];
  permissions: readonly string[];
  username?: string;
  scope?: string;
  act?: ActorClaim;
  /** The session id (`sid` claim): see AccessTokenClaims.sid. */
  sid?: string;
  /** How the login behind the token authenticated: `amr`, `acr`, `auth_time`. */
  authentication?: Authentication;
  /** Custom claims of the token's API (attributeClaims); never one of the claims above. */
  customClaims?: Readonly<Record<string, unknown>>;
}

/** The times of a token, all in epoch seconds (RFC 7519 NumericDate). */
export interface TokenTimingInput {
  now: number;
  ttl: number;
  /** `iat` is never earlier than this: the first second after a "log out everywhere". */
  earliestIssuedAt?: number;
  /** The predecessor's `exp` in a refresh family: the new `exp` must be strictly later. */
  previousExp?: number;
  /** How far ahead of `now` the issue time may be moved: the verifiers' clock tolerance. */
  maxAhead: number;
  /** `exp` is never later than this (a delegated token's subject token `exp`). */
  notAfter?: number;
}

export interface TokenTiming {
  iat: number;
  nbf: number;
  exp: number;
}

/**
 * `iat`, `nbf` and `exp` of a new token. Two refreshes within one second would give equal `exp`s,
 * so the issue time moves forward past the predecessor's (docs/architecture.md §3: a refreshed
 * token expires strictly later), by at most `maxAhead` seconds so verifiers still accept it; the
 * lifetime `exp - iat` stays exactly `ttl`, which verifiers bound. `nbf` stays the real time.
 */
export function tokenTiming(input: TokenTimingInput): TokenTiming {
  const { now, ttl, maxAhead } = input;
  let iat = now;
  if (input.previousExp !== undefined) {
    iat = Math.max(iat, Math.min(input.previousExp - ttl + 1, now + maxAhead));
  }
  if (input.earliestIssuedAt !== undefined) iat = Math.max(iat, input.earliestIssuedAt);
  let exp = iat + ttl;
  if (input.notAfter !== undefined) exp = Math.min(exp, input.notAfter);
  if (exp <= now) throw new RangeError('The token would be born expired');
  return { iat, nbf: now, exp };
}

/** The lifetime of a delegated token: at most 300 s and never past its subject token's `exp`. */
export function delegatedTokenTtl(
  subjectExp: number,
  now: number,
  requested = DELEGATED_TOKEN_MAX_TTL,
): number {
  return Math.max(0, Math.min(requested, DELEGATED_TOKEN_MAX_TTL, subjectExp - now));
}

export interface IssuerIdentity {
  iss: string;
  aud: string | string[];
}

/**
 * The claims of an access token (docs/architecture.md §3, RFC 9068 §2.2), with optional claims left
 * out rather than set to undefined. Arrays are copied, so later changes to the inputs cannot alter
 * a token.
 */
export function buildAccessTokenClaims(
  subject: AccessTokenSubject,
  issuer: IssuerIdentity,
  timing: TokenTiming,
  jti: string,
): AccessTokenClaims {
  const claims: AccessTokenClaims = {
    // First, so no registered or Warden claim below can be shadowed by one of them.
    ...withoutReservedClaims(subject.customClaims),
    iss: issuer.iss,
    sub: subject.sub,
    aud: issuer.aud,
    exp: timing.exp,
    iat: timing.iat,
    nbf: timing.nbf,
    jti,
    client_id: subject.clientId,
    token_use: subject.tokenUse,
    roles: [...subject.roles],
    permissions: [...new Set(subject.permissions)],
  };
  if (subject.scope !== undefined) claims.scope = subject.scope;
  if (subject.username !== undefined) claims.username = subject.username;
  if (subject.act !== undefined) claims.act = subject.act;
  if (subject.sid !== undefined) claims.sid = subject.sid;
  return { ...claims, ...authenticationClaims(subject.authentication) };
}
