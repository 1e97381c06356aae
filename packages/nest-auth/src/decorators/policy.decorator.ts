import { PolicyBuilder, PolicyDefinition } from '../policy/policy.builder';
import { requirePolicy } from './requires-auth.decorator';

/**
 * A composed requirement built with `policy()`. Implies `@RequiresAuth()`; stacks with
 * `@Roles`/`@Permissions` (all of them must hold).
 *
 * @example
 * ```ts
 * @Policy(policy().needAll('reports:read').rolesAny('analyst', 'admin'))
 * @Get('reports')
 * reports() {}
 * ```
 */
export const Policy = (
  definition: PolicyBuilder | PolicyDefinition,
): ClassDecorator & MethodDecorator =>
  requirePolicy(definition instanceof PolicyBuilder ? definition.build() : definition);
