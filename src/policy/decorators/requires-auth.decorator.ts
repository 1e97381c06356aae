import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { PolicyDefinition } from '../policy/policy.builder';
import { AppendPolicy, AUTH_REQUIRED } from './auth-metadata';

const UNAUTHORIZED = 'Missing, malformed, expired, invalid or revoked access token';
const FORBIDDEN = 'The access token lacks a required role or permission';

/**
 * Any valid access token. Under the global guard every route already needs one unless it is
 * `@Public()`; this states it (and documents the bearer requirement in OpenAPI), and it wins over
 * a class-level `@Public()`.
 *
 * @example
 * ```ts
 * @RequiresAuth()
 * @Get('me')
 * me(@CurrentUser() user: Principal) { return { sub: user.sub }; }
 * ```
 */
export const RequiresAuth = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(AUTH_REQUIRED, true),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: UNAUTHORIZED }),
  );

/** The common body of @Roles, @Permissions and @Policy: authentication, the policy, OpenAPI. */
export function requirePolicy(definition: PolicyDefinition): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(AUTH_REQUIRED, true),
    AppendPolicy(definition),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: UNAUTHORIZED }),
    ApiForbiddenResponse({ description: FORBIDDEN }),
  );
}
