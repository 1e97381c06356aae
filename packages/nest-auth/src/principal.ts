import type { AccessTokenClaims, ActorClaim, TokenUse } from './access-token-claims';
import { ownMember } from './jwt/compact-jws.parser';

/**
 * The claims an app's API adds to its tokens (Warden maps subject attributes into them), as the
 * app declares them: any members but those AccessTokenClaims already types, which a custom claim
 * never redeclares (Warden refuses to map an attribute onto a registered claim).
 */
export type CustomClaims = object & { readonly [Name in keyof AccessTokenClaims]?: never };

/** A JSON value as the verifier hands it out: frozen all the way down, and typed so. */
export type FrozenJson<T> = T extends readonly (infer Item)[]
  ? readonly FrozenJson<Item>[]
  : T extends object
    ? { readonly [Name in keyof T]: FrozenJson<T[Name]> }
    : T;

/** The verified claims of a token: Warden's own, and the app's custom claims `C`. */
export type VerifiedClaims<C extends CustomClaims = object> = Readonly<
  AccessTokenClaims & FrozenJson<C>
>;

/**
 * Who is calling, as the verified access token says. Attached to the request by the guard and
 * handed to route handlers by `@CurrentUser()`. Frozen, claims included: it may be shared by every
 * request that presents the same token.
 *
 * `C` types the custom claims of your API's tokens. It is a promise about your tokens, not a
 * check: a claim is only there when the subject has the attribute it comes from, so declare it
 * optional unless every subject has one.
 *
 * @example
 * ```ts
 * @Get('tenant')
 * tenant(@CurrentUser() user: Principal<{ tenant_id?: string }>) {
 *   return user.claims.tenant_id;
 * }
 * ```
 */
export interface Principal<C extends CustomClaims = object> {
  readonly sub: string;
  readonly username?: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  readonly tokenUse: TokenUse;
  readonly clientId: string;
  readonly scope?: string;
  /** RFC 8693 §4.1: the actor chain of a delegated token, the current actor outermost. */
  readonly actor?: ActorClaim;
  /** RFC 8176 methods of the login behind the token (`amr`); empty when the token has none. */
  readonly amr: readonly string[];
  /** The authentication context class (`acr`), when the token names one. */
  readonly acr?: string;
  /** When the user last authenticated (`auth_time`, epoch seconds), when the token says. */
  readonly authTime?: number;
  readonly claims: VerifiedClaims<C>;
}

const NO_METHODS: readonly string[] = Object.freeze([]);

/**
 * Builds the frozen principal of verified claims; custom claims are kept, frozen as well. `C` is
 * what the caller knows of them: declared, not checked, as for Principal.
 */
export function principalFromClaims<C extends CustomClaims = object>(
  claims: AccessTokenClaims,
): Principal<C> {
  deepFreeze(claims);
  return Object.freeze({
    sub: claims.sub,
    username: ownMember(claims, 'username') as string | undefined,
    roles: claims.roles,
    permissions: claims.permissions,
    tokenUse: claims.token_use,
    clientId: claims.client_id,
    scope: ownMember(claims, 'scope') as string | undefined,
    actor: ownMember(claims, 'act') as ActorClaim | undefined,
    amr: (ownMember(claims, 'amr') as readonly string[] | undefined) ?? NO_METHODS,
    acr: ownMember(claims, 'acr') as string | undefined,
    authTime: ownMember(claims, 'auth_time') as number | undefined,
    claims: claims as VerifiedClaims<C>,
  });
}

/**
 * Freezes a decoded JSON payload and everything in it. A payload may nest as deep as a token is
 * long, so the walk keeps its own list rather than recursing into the call stack. JSON.parse
 * builds a tree of fresh, unfrozen objects, and the walk freezes each object before descending,
 * so "already frozen" means "already visited": no set of visited objects to allocate per token.
 */
function deepFreeze(root: object): void {
  const pending: object[] = [root];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (Object.isFrozen(value)) continue;
    Object.freeze(value);
    // for-in rather than Object.values: no array of members per object. Own members only, so a
    // polluted Object.prototype adds nothing to the walk.
    for (const name in value) {
      if (!Object.hasOwn(value, name)) continue;
      const member: unknown = (value as Record<string, unknown>)[name];
      if (typeof member === 'object' && member !== null) pending.push(member);
    }
  }
}
