import type { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../public.decorator';
import { AUTH_REQUIRED, POLICIES } from '../decorators/auth-metadata';
import type { PolicyDefinition } from '../policy/policy.builder';

/** What a route demands, read once from its class and method metadata. */
export interface RouteRequirements {
  isPublic: boolean;
  /** Class-level and method-level policies together; every one must hold. */
  policies: readonly PolicyDefinition[];
}

/**
 * Deny by default, and fail closed on contradictions:
 * - any @Roles/@Permissions/@Policy, on the class or the method, makes the route protected,
 *   even next to @Public() (a route cannot be both public and restricted);
 * - otherwise the more specific of @Public()/@RequiresAuth() wins (method over class), and on
 *   the same level @RequiresAuth() wins;
 * - no metadata at all: protected.
 */
export function readRouteRequirements(
  reflector: Reflector,
  handler: object,
  controller: object,
): RouteRequirements {
  const policies = reflector.getAllAndMerge<PolicyDefinition[]>(POLICIES, [
    handler as () => void,
    controller as () => void,
  ]);
  const on = (key: string, target: object): boolean =>
    reflector.get<boolean | undefined>(key, target as () => void) === true;
  return {
    isPublic: policies.length === 0 && isPublicByMarkers(on, handler, controller),
    policies,
  };
}

function isPublicByMarkers(
  on: (key: string, target: object) => boolean,
  handler: object,
  controller: object,
): boolean {
  if (on(AUTH_REQUIRED, handler)) return false;
  if (on(IS_PUBLIC, handler)) return true;
  if (on(AUTH_REQUIRED, controller)) return false;
  return on(IS_PUBLIC, controller);
}
