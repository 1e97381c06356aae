import 'reflect-metadata';
import type { PolicyDefinition } from '../policy/policy.builder';

/** Set by every protecting decorator; an explicit `@RequiresAuth()` beats a class-level `@Public()`. */
export const AUTH_REQUIRED = 'warden:auth-required';
/** The PolicyDefinitions of a class or method, appended to by each decorator. */
export const POLICIES = 'warden:policies';

/**
 * Appends a policy to the target's list instead of replacing it, so stacking `@Roles('a')` and
 * `@Permissions('b')` on one method keeps both (Nest's SetMetadata would keep only the last).
 */
export function AppendPolicy(definition: PolicyDefinition): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder: object = descriptor === undefined ? target : (descriptor.value as object);
    const existing =
      (Reflect.getMetadata(POLICIES, holder) as PolicyDefinition[] | undefined) ?? [];
    Reflect.defineMetadata(POLICIES, [...existing, definition], holder);
  };
}
