import { policy } from '../policy/policy.builder';
import { requirePolicy } from './requires-auth.decorator';

type RoleDecorator = (...roles: string[]) => ClassDecorator & MethodDecorator;

/**
 * Any one of the roles (`@Roles.all(...)`: every one). Implies `@RequiresAuth()`. On a class and a
 * method both apply. With no names it requires only authentication.
 *
 * @example
 * ```ts
 * @Roles('admin', 'editor')
 * @Delete(':id')
 * remove(@Param('id') id: string) {}
 * ```
 */
export const Roles: RoleDecorator & { all: RoleDecorator } = Object.assign(
  (...roles: string[]) =>
    requirePolicy(
      policy()
        .rolesAny(...roles)
        .build(),
    ),
  {
    all: (...roles: string[]) =>
      requirePolicy(
        policy()
          .rolesAll(...roles)
          .build(),
      ),
  },
);
