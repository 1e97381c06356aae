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
  if (satisfiesAll(principal, permissions, roles, definitions)) return ALLOWED;
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
 * Names a principal holds, as looked up: a token's own short list as it is, a long one as a set.
 * A principal fresh from the verifier (every request, without the cache) would otherwise pay for
 * two sets and a WeakMap entry to answer a lookup or two, slower than scanning a few names.
 */
type Held = ReadonlySet<string> | readonly string[];

/** Up to this many names a linear scan beats building a set. */
const SCAN_LIMIT = 16;

/** Sets of long lists, built once per principal: the cache hands out one principal per token. */
const held = new WeakMap<Principal, { permissions: Held; roles: Held }>();

function heldBy(principal: Principal): { permissions: Held; roles: Held } {
  const { permissions, roles } = principal;
  // The principal itself: its lists are what it holds.
  if (permissions.length <= SCAN_LIMIT && roles.length <= SCAN_LIMIT) return principal;
  let sets = held.get(principal);
  if (sets === undefined) {
    sets = { permissions: new Set(permissions), roles: new Set(roles) };
    held.set(principal, sets);
  }
  return sets;
}

function holds(names: Held, name: string): boolean {
  return Array.isArray(names)
    ? (names as readonly string[]).includes(name)
    : (names as ReadonlySet<string>).has(name);
}

function satisfiesAll(
  principal: Principal,
  permissions: Held,
  roles: Held,
  definitions: readonly PolicyDefinition[],
): boolean {
  for (const definition of definitions) {
    if (!satisfies(principal, permissions, roles, definition)) return false;
  }
  return true;
}

/** Plain loops: this runs on every guarded request, and closures per call would allocate. */
function satisfies(
  principal: Principal,
  permissions: Held,
  roles: Held,
  definition: PolicyDefinition,
): boolean {
  return (
    holdsAll(permissions, definition.permissionsAll) &&
    holdsOneOfEach(permissions, definition.permissionsAny) &&
    holdsAll(roles, definition.rolesAll) &&
    holdsOneOfEach(roles, definition.rolesAny) &&
    definition.predicates.every((predicate) => predicate.test(principal))
  );
}

function holdsAll(held: Held, names: readonly string[]): boolean {
  for (const name of names) if (!holds(held, name)) return false;
  return true;
}

function holdsOneOfEach(held: Held, groups: readonly (readonly string[])[]): boolean {
  for (const group of groups) if (!group.some((name) => holds(held, name))) return false;
  return true;
}

function missingFrom(held: Held, required: readonly string[]): string[] {
  return required.filter((name) => !holds(held, name));
}

function unmetGroups(held: Held, groups: readonly (readonly string[])[]): string[][] {
  return groups
    .filter((group) => !group.some((name) => holds(held, name)))
    .map((group) => [...group]);
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
