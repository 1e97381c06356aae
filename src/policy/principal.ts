import type { AccessTokenClaims, ActorClaim, TokenUse } from './access-token-claims';

/**
 * Who is calling, as the verified access token says. Attached to the request by the guard and
 * handed to route handlers by `@CurrentUser()`. Frozen: it may be shared by every request that
 * presents the same token.
 */
export interface Principal {
  readonly sub: string;
  readonly username?: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  readonly tokenUse: TokenUse;
  readonly clientId: string;
  readonly scope?: string;
  /** RFC 8693 §4.1: the actor chain of a delegated token, the current actor outermost. */
  readonly actor?: ActorClaim;
  readonly claims: Readonly<AccessTokenClaims>;
}

/** Builds the frozen principal of verified claims. */
export function principalFromClaims(claims: AccessTokenClaims): Principal {
  deepFreeze(claims);
  return Object.freeze({
    sub: claims.sub,
    username: claims.username,
    roles: claims.roles,
    permissions: claims.permissions,
    tokenUse: claims.token_use,
    clientId: claims.client_id,
    scope: claims.scope,
    actor: claims.act,
    claims,
  });
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}
