import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsString,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { IsOmittable } from '../../../common/is-omittable.decorator';
import {
  MAX_CLIENT_URI_LENGTH,
  MAX_CLIENT_URIS,
  originProblem,
  redirectUriProblem,
} from '../../../tokens/clients/redirect-uri';

/** The longest value a refusal quotes; the index says which one it is anyway. */
const QUOTED_LENGTH = 100;

const URI_RULE =
  'absolute, `https` (or `http` on localhost, 127.0.0.1 or [::1]), without fragment, user ' +
  `information or wildcard; matched exactly; at most ${MAX_CLIENT_URIS}, each at most ` +
  `${MAX_CLIENT_URI_LENGTH} characters`;

/**
 * The lists of URIs (or origins) of a client. Optional on both `POST /clients` (empty when left
 * out) and `PATCH /clients/:id` (unchanged when left out); never null.
 */
function uriList(
  options: ApiPropertyOptions,
  problemOf: (value: string) => string | undefined,
): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(options),
    IsOmittable(),
    IsArray(),
    ArrayMaxSize(MAX_CLIENT_URIS),
    ArrayUnique(),
    IsString({ each: true }),
    EachAcceptable(problemOf),
  );
}

/** One message for the first value refused, naming it and why: `redirect_uris[1] ... must ...`. */
function EachAcceptable(problemOf: (value: string) => string | undefined): PropertyDecorator {
  const firstProblem = (
    values: unknown,
  ): { index: number; value: string; problem: string } | undefined => {
    if (!Array.isArray(values)) return undefined;
    for (const [index, value] of values.entries()) {
      // Not a string: IsString says so.
      const problem = typeof value === 'string' ? problemOf(value) : undefined;
      if (problem !== undefined && typeof value === 'string') return { index, value, problem };
    }
    return undefined;
  };
  return ValidateBy({
    name: 'clientUris',
    validator: {
      validate: (values: unknown) => firstProblem(values) === undefined,
      defaultMessage: (args?: ValidationArguments) => {
        const refused = firstProblem(args?.value);
        const property = args?.property ?? 'value';
        if (!refused) return `${property} has a value that is refused`;
        const quoted =
          refused.value.length <= QUOTED_LENGTH ? ` (${JSON.stringify(refused.value)})` : '';
        return `${property}[${refused.index}]${quoted} ${refused.problem}`;
      },
    },
  });
}

export const ClientRedirectUris = (): PropertyDecorator =>
  uriList(
    {
      description:
        'Where `/oauth/authorize` may send the browser back with a code (RFC 6749 §3.1.2): ' +
        `required with the authorization_code grant. Each ${URI_RULE}`,
      example: ['https://app.example.com/callback'],
      type: [String],
      maxItems: MAX_CLIENT_URIS,
    },
    redirectUriProblem,
  );

export const ClientPostLogoutRedirectUris = (): PropertyDecorator =>
  uriList(
    {
      description:
        'Where `/oauth/logout` may send the browser after signing out (OpenID Connect ' +
        `RP-Initiated Logout 1.0 §3). Each ${URI_RULE}`,
      example: ['https://app.example.com/signed-out'],
      type: [String],
      maxItems: MAX_CLIENT_URIS,
    },
    redirectUriProblem,
  );

export const ClientAllowedOrigins = (): PropertyDecorator =>
  uriList(
    {
      description:
        'Browser origins its single-page app calls the token, revocation, userinfo and ' +
        'discovery endpoints from (CORS): each `scheme://host[:port]` exactly as browsers ' +
        'send it (lower case, no default port, no path or trailing slash), `https` or `http` ' +
        `on a loopback host; at most ${MAX_CLIENT_URIS}`,
      example: ['https://app.example.com'],
      type: [String],
      maxItems: MAX_CLIENT_URIS,
    },
    originProblem,
  );
