import type { AccessTokenClaims, ActorClaim, TokenUse } from './access-token-claims';
import { ownMember } from './jwt/compact-jws.parser';

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
  freezeClaims(claims);
  return Object.freeze({
    sub: claims.sub,
    username: ownMember(claims, 'username') as string | undefined,
    roles: claims.roles,
    permissions: claims.permissions,
    tokenUse: claims.token_use,
    clientId: claims.client_id,
    scope: ownMember(claims, 'scope') as string | undefined,
    actor: ownMember(claims, 'act') as ActorClaim | undefined,
    claims,
  });
}

/** Freezes the claims and the members they are known to hold (arrays, the actor chain). */
function freezeClaims(claims: AccessTokenClaims): void {
  Object.freeze(claims);
  Object.freeze(claims.roles);
  Object.freeze(claims.permissions);
  if (Array.isArray(claims.aud)) Object.freeze(claims.aud);
  for (let actor = claims.act; actor !== undefined; actor = actor.act) Object.freeze(actor);
}
