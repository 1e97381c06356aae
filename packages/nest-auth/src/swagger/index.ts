// @warden/nest-auth/swagger: the protecting decorators, also documenting themselves in OpenAPI
// (bearer security, 401 and 403 responses). Needs @nestjs/swagger; the main entry never loads it.
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Permissions as PermissionsCore } from '../decorators/permissions.decorator';
import { Policy as PolicyCore } from '../decorators/policy.decorator';
import { RequiresAuth as RequiresAuthCore } from '../decorators/requires-auth.decorator';
import { RequiresMfa as RequiresMfaCore } from '../decorators/requires-mfa.decorator';
import { Roles as RolesCore } from '../decorators/roles.decorator';
import type { PolicyBuilder, PolicyDefinition } from '../policy/policy.builder';

type Decorator = ClassDecorator & MethodDecorator;
type NamesDecorator = (...names: string[]) => Decorator;

const UNAUTHORIZED = 'Missing, malformed, expired, invalid or revoked access token';
const STEP_UP =
  'Missing, malformed, expired, invalid or revoked access token, or one from a login without a ' +
  'second factor (RFC 9470: WWW-Authenticate error="insufficient_user_authentication", ' +
  'acr_values="urn:warden:acr:mfa")';
const FORBIDDEN = 'The access token lacks a required role or permission';

/** OpenAPI for a route that needs a token (`forbidden`: and may refuse a valid one). */
export function ApiWardenAuth(options: { forbidden?: boolean } = {}): Decorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: UNAUTHORIZED }),
    ...(options.forbidden === false ? [] : [ApiForbiddenResponse({ description: FORBIDDEN })]),
  );
}

const documented =
  (core: NamesDecorator): NamesDecorator =>
  (...names) =>
    applyDecorators(core(...names), ApiWardenAuth());

/** `@RequiresAuth()` of the main entry, documented. */
export const RequiresAuth = (): Decorator =>
  applyDecorators(RequiresAuthCore(), ApiWardenAuth({ forbidden: false }));

/** `@RequiresMfa()` of the main entry, documented: its 401 includes the step-up challenge. */
export const RequiresMfa = (): Decorator =>
  applyDecorators(
    RequiresMfaCore(),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: STEP_UP }),
  );

/** `@Roles(...)` of the main entry, documented. */
export const Roles: NamesDecorator & { all: NamesDecorator } = Object.assign(
  documented(RolesCore),
  { all: documented(RolesCore.all) },
);

/** `@Permissions(...)` of the main entry, documented. */
export const Permissions: NamesDecorator & { any: NamesDecorator } = Object.assign(
  documented(PermissionsCore),
  { any: documented(PermissionsCore.any) },
);

/** `@Policy(...)` of the main entry, documented. */
export const Policy = (definition: PolicyBuilder | PolicyDefinition): Decorator =>
  applyDecorators(PolicyCore(definition), ApiWardenAuth());
