import type { CustomClaims, Principal } from '../principal';

/** A named extra condition; the name is what a 403 body reports when it fails. */
export interface PolicyPredicate {
  name: string;
  test: (principal: Principal) => boolean;
}

/**
 * An authorization requirement, every part of which must hold. Empty lists require nothing:
 * `needAll()` and `rolesAll()` with no names hold for anyone, and so does an any-group with no
 * names (an empty "any of" is treated as "no requirement", not "impossible").
 */
export interface PolicyDefinition {
  readonly permissionsAll: readonly string[];
  /** Each group needs at least one of its permissions; groups combine with AND. */
  readonly permissionsAny: readonly (readonly string[])[];
  readonly rolesAll: readonly string[];
  readonly rolesAny: readonly (readonly string[])[];
  readonly predicates: readonly PolicyPredicate[];
  /** RFC 9470: the login behind the token must have been multi-factor (see MFA_ACR). */
  readonly mfa?: boolean;
  /** RFC 9470: the login (`auth_time`) must be at most this many seconds old. */
  readonly maxAge?: number;
}

/**
 * Builds a PolicyDefinition. Each call adds a requirement; all of them must hold.
 *
 * @example
 * ```ts
 * @Policy(policy().needAll('reports:read').rolesAny('analyst', 'admin').predicate(
 *   (user) => user.tokenUse === 'access', 'user token',
 * ))
 * ```
 */
export class PolicyBuilder {
  private readonly allPermissions: string[] = [];
  private readonly permissionGroups: string[][] = [];
  private readonly allRoles: string[] = [];
  private readonly roleGroups: string[][] = [];
  private readonly predicates: PolicyPredicate[] = [];
  private mfa = false;
  private maxAgeSeconds: number | undefined;

  /** Every one of these permissions. */
  needAll(...permissions: string[]): this {
    this.allPermissions.push(...permissions);
    return this;
  }

  /** At least one of these permissions (a second call is a second, separate group). */
  needAny(...permissions: string[]): this {
    if (permissions.length > 0) this.permissionGroups.push([...permissions]);
    return this;
  }

  /** Every one of these roles. */
  rolesAll(...roles: string[]): this {
    this.allRoles.push(...roles);
    return this;
  }

  /** At least one of these roles (a second call is a second, separate group). */
  rolesAny(...roles: string[]): this {
    if (roles.length > 0) this.roleGroups.push([...roles]);
    return this;
  }

  /**
   * Any other condition on the principal; `name` is reported when it fails. `C` types the custom
   * claims the condition reads, as `Principal<C>` does (declared, not checked: a claim the token
   * lacks reads as undefined).
   */
  predicate<C extends CustomClaims = object>(
    test: (principal: Principal<C>) => boolean,
    name = test.name || 'predicate',
  ): this {
    this.predicates.push({ name, test: test as (principal: Principal) => boolean });
    return this;
  }

  /** A multi-factor login (RFC 9470 step-up); refused with 401 insufficient_user_authentication. */
  requireMfa(): this {
    this.mfa = true;
    return this;
  }

  /**
   * A login (`auth_time`) no older than `seconds`, give or take the module's clock tolerance; a
   * token without `auth_time` fails it. Refused with 401 insufficient_user_authentication and
   * `max_age` (RFC 9470 §3). A second call keeps the smaller limit.
   */
  maxAge(seconds: number): this {
    if (!Number.isSafeInteger(seconds) || seconds < 0) {
      throw new RangeError(`maxAge must be a whole number of seconds, not ${String(seconds)}`);
    }
    this.maxAgeSeconds = Math.min(this.maxAgeSeconds ?? Infinity, seconds);
    return this;
  }

  build(): PolicyDefinition {
    return Object.freeze({
      ...(this.mfa ? { mfa: true } : {}),
      ...(this.maxAgeSeconds === undefined ? {} : { maxAge: this.maxAgeSeconds }),
      permissionsAll: Object.freeze([...new Set(this.allPermissions)]),
      permissionsAny: Object.freeze(
        this.permissionGroups.map((group) => Object.freeze([...group])),
      ),
      rolesAll: Object.freeze([...new Set(this.allRoles)]),
      rolesAny: Object.freeze(this.roleGroups.map((group) => Object.freeze([...group]))),
      predicates: Object.freeze([...this.predicates]),
    });
  }
}

export function policy(): PolicyBuilder {
  return new PolicyBuilder();
}
