import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { principalOf } from '../guards/request-of';
import type { Principal } from '../principal';

export type { AuthenticatedRequest } from '../guards/request-of';
export { principalOf };

/**
 * The verified principal of the request (undefined on a `@Public()` route), or one of its fields.
 * Works in controllers, GraphQL resolvers and WebSocket gateways alike. `Principal<C>` types the
 * custom claims of your API's tokens in `user.claims`.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentUser() user: Principal, @CurrentUser('sub') sub: string) {}
 *
 * @Get('tenant')
 * tenant(@CurrentUser() user: Principal<{ tenant_id?: string }>) {
 *   return user.claims.tenant_id;
 * }
 * ```
 */
export const CurrentUser = createParamDecorator(
  (field: keyof Principal | undefined, context: ExecutionContext): unknown => {
    const principal = principalOf(context);
    return field === undefined ? principal : principal?.[field];
  },
);
