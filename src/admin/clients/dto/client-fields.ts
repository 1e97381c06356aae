import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Length,
  Matches,
  NotContains,
} from 'class-validator';
import { IsOmittable } from '../../../common/is-omittable.decorator';
import {
  DEFAULT_CLIENT_GRANT_TYPES,
  DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD,
  SUPPORTED_GRANT_TYPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
} from '../../../tokens/clients/service-client';
import { MAX_NAMES } from '../../admin-names';
import { ATTRIBUTES_RULE } from '../../attributes.rules';

/**
 * The rules of a client's fields, shared by `POST /clients` (where name and permissions are
 * required) and `PATCH /clients/:id` (where every field may be left out, never sent as null).
 */
export interface Presence {
  required: boolean;
}

/** RFC 6749 §3.3 scope-token: a client's permissions are what its tokens' scopes name. */
const PERMISSION_NAME = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** RFC 8707 §2 allows any absolute URI; an API's identifier is also its `aud`, so bounded. */
const MAX_AUDIENCE_LENGTH = 2048;
/** No identifier holds a control character, and PostgreSQL text cannot hold U+0000 at all. */
const NO_CONTROL_CHARACTER = /^\P{Cc}*$/u;

function documented({ required }: Presence, options: ApiPropertyOptions): PropertyDecorator {
  const property = required ? ApiProperty(options) : ApiPropertyOptional(options);
  return required ? property : applyDecorators(property, IsOmittable());
}

export const ClientName = (presence: Presence): PropertyDecorator =>
  applyDecorators(
    documented(presence, { example: 'reporting-service', minLength: 1, maxLength: 100 }),
    IsString(),
    Length(1, 100),
    NotContains('\u0000', { message: 'name must not contain U+0000' }),
  );

export const ClientPermissions = (presence: Presence): PropertyDecorator =>
  applyDecorators(
    documented(presence, {
      description:
        'Permissions of its client_credentials tokens (a `scope` request may narrow them); ' +
        'each an RFC 6749 §3.3 scope token (no spaces or quotes)',
      example: ['reports:read'],
      type: [String],
    }),
    IsArray(),
    ArrayMaxSize(MAX_NAMES),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, 100, { each: true }),
    Matches(PERMISSION_NAME, { each: true, message: 'each permission must be a scope token' }),
  );

export const ClientGrantTypes = (presence: Presence): PropertyDecorator =>
  applyDecorators(
    documented(presence, {
      description:
        'Grants the client may use (RFC 7591 §2). Default: client_credentials and token ' +
        'exchange, or authorization_code for a public client; the password grant (and ' +
        'refresh_token) only when listed. authorization_code needs a redirect URI; a public ' +
        'client may only use authorization_code and refresh_token',
      example: DEFAULT_CLIENT_GRANT_TYPES,
      enum: SUPPORTED_GRANT_TYPES,
      isArray: true,
    }),
    IsArray(),
    ArrayUnique(),
    IsIn(SUPPORTED_GRANT_TYPES, { each: true }),
  );

export const ClientAllowedAudiences = (presence: Presence): PropertyDecorator =>
  applyDecorators(
    documented(presence, {
      description:
        'Identifiers of registered APIs (`/apis`) the client may ask tokens for (RFC 8707 ' +
        "`resource`, RFC 8693 `audience`); each must exist. The service's own audience is " +
        'always allowed and may be listed. Default: none but that one',
      // The built-in audience: an example that is valid on any installation.
      example: ['warden'],
      type: [String],
    }),
    IsArray(),
    ArrayMaxSize(MAX_NAMES),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, MAX_AUDIENCE_LENGTH, { each: true }),
    Matches(NO_CONTROL_CHARACTER, {
      each: true,
      message: 'each audience must be an API identifier, without control characters',
    }),
  );

export const ClientAttributes = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: true,
      example: { tenant_id: 'acme' },
      description:
        "The client's whole attributes object (on PATCH it replaces the stored one; `{}` " +
        'clears it); APIs that name a member copy it into its tokens as a claim. A client ' +
        `never sets its own. ${ATTRIBUTES_RULE}`,
    }),
    // Checked by the attribute rules (attributes.rules.ts), which name the offending member.
    IsOmittable(),
  );

export const ClientTokenEndpointAuthMethod = (presence: Presence): PropertyDecorator =>
  applyDecorators(
    documented(presence, {
      description:
        'How the client authenticates at the token endpoint (RFC 7591 §2): with its secret by ' +
        'HTTP Basic or in the body (a confidential client may use either), or `none` for a ' +
        'public client (a single-page or native app): no secret is issued, it names itself ' +
        'with `client_id` and must use PKCE. A registered client cannot switch between ' +
        `public and confidential. Default: ${DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD}`,
      enum: TOKEN_ENDPOINT_AUTH_METHODS,
      example: DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD,
    }),
    IsIn(TOKEN_ENDPOINT_AUTH_METHODS),
  );

export const ClientFirstParty = (presence: Presence): PropertyDecorator =>
  applyDecorators(
    documented(presence, {
      description:
        "The service's own application: users are not asked to consent to it, and its " +
        "tokens carry the user's roles. Default: false",
      example: false,
    }),
    IsBoolean(),
  );
