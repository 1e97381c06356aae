import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '../principal';

/** Where the guard leaves the principal: `request.user`, as passport does. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: Principal;
}

export function principalOf(context: ExecutionContext): Principal | undefined {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().user;
}

/**
 * The verified principal of the request (undefined on a `@Public()` route), or one of its fields.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentUser() user: Principal, @CurrentUser('sub') sub: string) {}
 * ```
 */
export const CurrentUser = createParamDecorator(
  (field: keyof Principal | undefined, context: ExecutionContext): unknown => {
    const principal = principalOf(context);
    return field === undefined ? principal : principal?.[field];
  },
);
