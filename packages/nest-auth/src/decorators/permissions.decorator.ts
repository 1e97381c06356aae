import { policy } from '../policy/policy.builder';
import { requirePolicy } from './requires-auth.decorator';

type PermissionDecorator = (...permissions: string[]) => ClassDecorator & MethodDecorator;

/**
 * Every one of the permissions (`@Permissions.any(...)`: at least one). Implies
 * `@RequiresAuth()`. On a class and a method both apply. With no names it requires only
 * authentication.
 *
 * @example
 * ```ts
 * @Permissions('keys:rotate')
 * @Post('rotate')
 * rotate() {}
 * ```
 */
export const Permissions: PermissionDecorator & { any: PermissionDecorator } = Object.assign(
  (...permissions: string[]) =>
    requirePolicy(
      policy()
        .needAll(...permissions)
        .build(),
    ),
  {
    any: (...permissions: string[]) =>
      requirePolicy(
        policy()
          .needAny(...permissions)
          .build(),
      ),
  },
);
