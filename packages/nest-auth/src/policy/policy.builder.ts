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

  build(): PolicyDefinition {
    return Object.freeze({
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
