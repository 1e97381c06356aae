import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { principalOf } from './current-user.decorator';

/**
 * The verified claims of the request's access token, or one claim by name.
 *
 * @example
 * ```ts
 * @Get('token')
 * token(@Claims() claims: AccessTokenClaims, @Claims('jti') jti: string) {}
 * ```
 */
export const Claims = createParamDecorator(
  (claim: string | undefined, context: ExecutionContext): unknown => {
    const claims = principalOf(context)?.claims as Readonly<Record<string, unknown>> | undefined;
    return claim === undefined ? claims : claims?.[claim];
  },
);
