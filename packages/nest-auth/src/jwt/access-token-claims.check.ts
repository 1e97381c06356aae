import type { AccessTokenClaims, ActorClaim, TokenUse } from '../access-token-claims';
import { TokenExpiredError, TokenInvalidError } from '../errors/token.errors';
import { ownMember } from './compact-jws.parser';

export interface ClaimRules {
  /** Accepted `iss` values, compared exactly (RFC 7519 §4.1.1: no trailing-slash folding). */
  issuers: ReadonlySet<string>;
  /** The token's `aud` must contain at least one of these (RFC 7519 §4.1.3). */
  audiences: ReadonlySet<string>;
  tokenUses: ReadonlySet<string>;
  /** Seconds of clock skew allowed on exp, nbf and iat. */
  clockTolerance: number;
  /** Longest accepted lifetime, `exp - iat`, in seconds. */
  maxTokenTtl: number;
}

/** How deep an RFC 8693 actor chain may nest. */
export const MAX_ACTOR_DEPTH = 8;

/**
 * The claim rules of docs/architecture.md §3 and RFC 9068 §4, one guard clause each. Returns the
 * payload typed as claims; extra claims are kept, the known ones are guaranteed well-formed.
 */
export function checkAccessTokenClaims(
  payload: Record<string, unknown>,
  rules: ClaimRules,
  now: number,
): AccessTokenClaims {
  const claim = (name: string): unknown => ownMember(payload, name);
  const iss = claim('iss');
  const aud = claim('aud');
  const exp = claim('exp');
  const iat = claim('iat');
  const nbf = claim('nbf');
  const sub = claim('sub');
  const jti = claim('jti');
  const clientId = claim('client_id');
  const tokenUse = claim('token_use');
  const roles = claim('roles');
  const permissions = claim('permissions');
  const scope = claim('scope');
  const username = claim('username');
  const act = claim('act');
  const amr = claim('amr');
  const acr = claim('acr');
  const authTime = claim('auth_time');
  if (typeof iss !== 'string' || !rules.issuers.has(iss)) throw invalid('iss mismatch');
  if (!audienceMatches(aud, rules.audiences)) throw invalid('aud mismatch');
  if (!Number.isSafeInteger(exp)) throw invalid('exp is not an integer');
  if (!Number.isSafeInteger(iat)) throw invalid('iat is not an integer');
  const expiresAt = exp as number;
  const issuedAt = iat as number;
  if (expiresAt <= now - rules.clockTolerance) throw new TokenExpiredError();
  if (issuedAt > now + rules.clockTolerance) throw invalid('iat in the future');
  if (nbf !== undefined && !Number.isSafeInteger(nbf)) throw invalid('nbf is not an integer');
  if (nbf !== undefined && (nbf as number) > now + rules.clockTolerance) throw invalid('nbf ahead');
  if (expiresAt <= issuedAt) throw invalid('exp not after iat');
  if (expiresAt - issuedAt > rules.maxTokenTtl) throw invalid('lifetime above the maximum');
  if (!isNonEmptyString(sub)) throw invalid('sub missing');
  if (!isNonEmptyString(jti)) throw invalid('jti missing');
  if (!isNonEmptyString(clientId)) throw invalid('client_id missing');
  if (typeof tokenUse !== 'string' || !rules.tokenUses.has(tokenUse)) {
    throw invalid('token_use not allowed');
  }
  if (!isStringArray(roles)) throw invalid('roles is not a string array');
  if (!isStringArray(permissions)) throw invalid('permissions is not a string array');
  if (scope !== undefined && typeof scope !== 'string') throw invalid('bad scope');
  if (username !== undefined && typeof username !== 'string') {
    throw invalid('bad username');
  }
  if (act !== undefined && !isActorChain(act, 1)) throw invalid('bad act');
  if ((tokenUse as TokenUse) === 'delegated' && act === undefined) {
    throw invalid('delegated token without act');
  }
  // RFC 8176 §1: amr is a list of method names; an empty one would claim an event without methods.
  if (amr !== undefined && !(isStringArray(amr) && amr.length > 0)) throw invalid('bad amr');
  if (acr !== undefined && typeof acr !== 'string') throw invalid('bad acr');
  if (authTime !== undefined && !Number.isSafeInteger(authTime)) throw invalid('bad auth_time');
  // A login after the token's own verification time cannot have happened yet.
  if (authTime !== undefined && (authTime as number) > now + rules.clockTolerance) {
    throw invalid('auth_time in the future');
  }
  return payload as unknown as AccessTokenClaims;
}

function audienceMatches(aud: unknown, expected: ReadonlySet<string>): boolean {
  if (typeof aud === 'string') return expected.has(aud);
  if (!Array.isArray(aud) || aud.length === 0) return false;
  if (!aud.every((value) => typeof value === 'string')) return false;
  return aud.some((value: string) => expected.has(value));
}

function isActorChain(value: unknown, depth: number): value is ActorClaim {
  if (depth > MAX_ACTOR_DEPTH) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const sub = ownMember(value, 'sub');
  const act = ownMember(value, 'act');
  if (!isNonEmptyString(sub)) return false;
  return act === undefined || isActorChain(act, depth + 1);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function invalid(reason: string): TokenInvalidError {
  return new TokenInvalidError(reason);
}
