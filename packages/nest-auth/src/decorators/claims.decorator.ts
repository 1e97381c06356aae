import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { principalOf } from './current-user.decorator';

/**
 * The verified claims of the request's access token (frozen), or one claim by name. Type them as
 * `VerifiedClaims<C>`, `C` being your API's custom claims (see Principal).
 *
 * @example
 * ```ts
 * @Get('token')
 * token(
 *   @Claims() claims: VerifiedClaims<{ tenant_id?: string }>,
 *   @Claims('jti') jti: string,
 * ) {}
 * ```
 */
export const Claims = createParamDecorator(
  (claim: string | undefined, context: ExecutionContext): unknown => {
    const claims = principalOf(context)?.claims as Readonly<Record<string, unknown>> | undefined;
    return claim === undefined ? claims : claims?.[claim];
  },
);
