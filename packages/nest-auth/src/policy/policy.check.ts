import type { Principal } from '../principal';
import type { PolicyDefinition } from './policy.builder';

/** What a principal lacked, per kind; only the kinds that failed are present. */
export interface MissingRequirements {
  permissions?: string[];
  anyOfPermissions?: string[][];
  roles?: string[];
  anyOfRoles?: string[][];
  predicates?: string[];
}

export type PolicyDecision = { allowed: true } | { allowed: false; missing: MissingRequirements };

const ALLOWED: PolicyDecision = Object.freeze({ allowed: true });

/**
 * Evaluates one policy's roles, permissions and predicates against a principal. Pure: no I/O, no
 * framework, no clock; its `requireMfa()`/`maxAge()` parts are checkStepUp's (policy/step-up.ts).
 */
export function check(principal: Principal, definition: PolicyDefinition): PolicyDecision {
  return checkAll(principal, [definition]);
}

/** Evaluates several policies that must all hold (class- and method-level decorators). */
export function checkAll(
  principal: Principal,
  definitions: readonly PolicyDefinition[],
): PolicyDecision {
  const { permissions, roles } = heldBy(principal);
  // The common case, on every request: allowed, decided without allocating anything.
  if (definitions.every((definition) => satisfies(principal, permissions, roles, definition))) {
    return ALLOWED;
  }
  const missing: MissingRequirements = {};
  for (const definition of definitions) {
    addAll(missing, 'permissions', missingFrom(permissions, definition.permissionsAll));
    addAll(missing, 'anyOfPermissions', unmetGroups(permissions, definition.permissionsAny));
    addAll(missing, 'roles', missingFrom(roles, definition.rolesAll));
    addAll(missing, 'anyOfRoles', unmetGroups(roles, definition.rolesAny));
    const failed = definition.predicates.filter((predicate) => !predicate.test(principal));
    addAll(
      missing,
      'predicates',
      failed.map((predicate) => predicate.name),
    );
  }
  return Object.keys(missing).length === 0 ? ALLOWED : { allowed: false, missing };
}

/**
 * A principal's roles and permissions as sets, built once per principal: the verifier hands out
 * the same (frozen) principal for every reuse of a token.
 */
const held = new WeakMap<
  Principal,
  { permissions: ReadonlySet<string>; roles: ReadonlySet<string> }
>();

function heldBy(principal: Principal): {
  permissions: ReadonlySet<string>;
  roles: ReadonlySet<string>;
} {
  let sets = held.get(principal);
  if (sets === undefined) {
    sets = { permissions: new Set(principal.permissions), roles: new Set(principal.roles) };
    held.set(principal, sets);
  }
  return sets;
}

function satisfies(
  principal: Principal,
  permissions: ReadonlySet<string>,
  roles: ReadonlySet<string>,
  definition: PolicyDefinition,
): boolean {
  const has = (set: ReadonlySet<string>) => (name: string) => set.has(name);
  return (
    definition.permissionsAll.every(has(permissions)) &&
    definition.permissionsAny.every((group) => group.some(has(permissions))) &&
    definition.rolesAll.every(has(roles)) &&
    definition.rolesAny.every((group) => group.some(has(roles))) &&
    definition.predicates.every((predicate) => predicate.test(principal))
  );
}

function missingFrom(held: ReadonlySet<string>, required: readonly string[]): string[] {
  return required.filter((name) => !held.has(name));
}

function unmetGroups(
  held: ReadonlySet<string>,
  groups: readonly (readonly string[])[],
): string[][] {
  return groups.filter((group) => !group.some((name) => held.has(name))).map((group) => [...group]);
}

function addAll<K extends keyof MissingRequirements>(
  missing: MissingRequirements,
  kind: K,
  items: NonNullable<MissingRequirements[K]>,
): void {
  if (items.length === 0) return;
  const existing = (missing[kind] ?? []) as NonNullable<MissingRequirements[K]>;
  missing[kind] = [...existing, ...items] as MissingRequirements[K];
}
