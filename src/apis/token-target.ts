import type { TokenUse } from '@warden/nest-auth';
import { InvalidTargetError } from '../tokens/oauth/oauth.errors';
import { RESERVED_CLAIM_NAMES } from './reserved-claims';
import type { ResourceServer } from './resource-server';

/** How many audiences one request may name (RFC 8707 §2 lets `resource` repeat). */
export const MAX_REQUESTED_AUDIENCES = 10;

/** What a token for one or more APIs is shaped by. */
export interface TokenTarget {
  /** The `aud` claim: a string for one API, an array for several (RFC 7519 §4.1.3). */
  aud: string | string[];
  /** The only permissions its tokens may carry; undefined: any (the built-in API is named). */
  permits: ReadonlySet<string> | undefined;
  /** Its lifetime in seconds: the shortest of the APIs', each defaulting to the use's. */
  ttl: number;
  /** The subject attributes copied into it as claims. */
  claimNames: readonly string[];
}

/**
 * The target of a token for `apis` (already checked to exist and to be allowed for the client)
 * of the given use. RFC 8707 §2.2: a token naming several resources must be good for each, so
 * every API must accept the use, the lifetime is the shortest, and the permissions are those any
 * of them defines (each API ignores permissions it does not define).
 */
export function tokenTarget(
  apis: readonly ResourceServer[],
  tokenUse: TokenUse,
  defaultTtl: number,
): TokenTarget {
  if (apis.length === 0) throw new RangeError('A token is for at least one API');
  for (const api of apis) {
    if (!api.allowedTokenUses.includes(tokenUse)) {
      throw new InvalidTargetError(`The API ${api.identifier} does not accept ${tokenUse} tokens`);
    }
  }
  const everyPermission = apis.some((api) => api.permissions === undefined);
  const permits = everyPermission
    ? undefined
    : new Set(apis.flatMap((api) => api.permissions ?? []));
  const ttl = Math.min(...apis.map((api) => api.accessTokenTtl ?? defaultTtl));
  const claimNames = [...new Set(apis.flatMap((api) => api.claims))];
  const identifiers = apis.map((api) => api.identifier);
  return {
    aud: identifiers.length === 1 ? identifiers[0] : identifiers,
    permits,
    ttl,
    claimNames,
  };
}

/** The permissions a token for `target` may carry of those the subject holds. */
export function permittedFor(target: TokenTarget, permissions: readonly string[]): string[] {
  const { permits } = target;
  return permits === undefined ? [...permissions] : permissions.filter((p) => permits.has(p));
}

/**
 * The claims `target` maps from the subject's attributes: attributes the subject lacks are left
 * out, and a reserved name is never written (the API rules refuse one; this holds even for a row
 * written around them).
 */
export function attributeClaims(
  target: TokenTarget,
  attributes: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (attributes === undefined) return claims;
  for (const name of target.claimNames) {
    if (RESERVED_CLAIM_NAMES.has(name)) continue;
    if (!Object.prototype.hasOwnProperty.call(attributes, name)) continue;
    const value = attributes[name];
    if (value !== undefined && value !== null) claims[name] = value;
  }
  return claims;
}

/**
 * The audiences a request names: RFC 8707 `resource` (repeatable) and RFC 8693 `audience`, in
 * order, duplicates dropped. Empty when it names none (the default audience).
 */
export function requestedAudiences(
  ...values: ReadonlyArray<string | readonly string[] | undefined>
): string[] {
  const names = values.flatMap((value) =>
    value === undefined ? [] : typeof value === 'string' ? [value] : [...value],
  );
  const unique = [...new Set(names)];
  if (unique.length > MAX_REQUESTED_AUDIENCES) {
    throw new InvalidTargetError(`At most ${MAX_REQUESTED_AUDIENCES} audiences per request`);
  }
  return unique;
}
