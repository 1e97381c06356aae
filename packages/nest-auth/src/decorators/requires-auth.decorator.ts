import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { PolicyDefinition } from '../policy/policy.builder';
import { AppendPolicy, AUTH_REQUIRED } from './auth-metadata';

/**
 * Any valid access token. Under the global guard every route already needs one unless it is
 * `@Public()`; this states it, and it wins over a class-level `@Public()`. For OpenAPI
 * documentation of the bearer requirement, import the same decorators from
 * `@warden/nest-auth/swagger`.
 *
 * @example
 * ```ts
 * @RequiresAuth()
 * @Get('me')
 * me(@CurrentUser() user: Principal) { return { sub: user.sub }; }
 * ```
 */
export const RequiresAuth = (): ClassDecorator & MethodDecorator =>
  SetMetadata(AUTH_REQUIRED, true);

/** The common body of @Roles, @Permissions and @Policy: authentication plus the policy. */
export function requirePolicy(definition: PolicyDefinition): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(AUTH_REQUIRED, true), AppendPolicy(definition));
}
