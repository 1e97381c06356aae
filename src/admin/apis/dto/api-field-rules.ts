import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateBy,
} from 'class-validator';
import { MAX_NAMES, PERMISSION_NAME, PERMISSION_NAME_RULE } from '../../admin-names';
import { CLAIM_NAME, CLAIM_NAME_RULE, RESERVED_CLAIM_NAMES } from '../../../apis/reserved-claims';
import { TOKEN_USES } from '../../../apis/resource-server';
import { API_IDENTIFIER_RULE, isApiIdentifier } from '../api-identifier';

/**
 * The validation of each field of an API, shared by `POST /apis` (and its `:identifier`) and
 * `PATCH /apis/:identifier`, which only add whether a field may be left out.
 */
type FieldRules = () => PropertyDecorator;

export const API_NAME_MAX_LENGTH = 100;

export const IdentifierRules: FieldRules = () =>
  applyDecorators(
    IsString(),
    ValidateBy({
      name: 'isApiIdentifier',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isApiIdentifier(value),
        defaultMessage: () => `identifier must be ${API_IDENTIFIER_RULE}`,
      },
    }),
  );

export const NameRules: FieldRules = () =>
  applyDecorators(IsString(), Length(1, API_NAME_MAX_LENGTH));

export const PermissionsRules: FieldRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(MAX_NAMES),
    IsString({ each: true }),
    Matches(PERMISSION_NAME, {
      each: true,
      message: `each permission must be ${PERMISSION_NAME_RULE}`,
    }),
  );

/** Null or absent: the defaults; the upper bound (API_TOKEN_TTL_MAX) is ApisService's check. */
export const AccessTokenTtlRules: FieldRules = () => applyDecorators(IsOptional(), IsInt(), Min(1));

export const AllowedTokenUsesRules: FieldRules = () =>
  applyDecorators(
    IsArray(),
    ArrayNotEmpty({ message: 'allowed_token_uses must name at least one token use' }),
    IsIn(TOKEN_USES, {
      each: true,
      message: `each token use must be one of ${TOKEN_USES.join(', ')}`,
    }),
  );

/**
 * Each a claim name no registered claim has (src/apis/reserved-claims.ts): an attribute mapped
 * onto `sub`, `aud` or `roles` would let whoever edits attributes forge identity or authority.
 */
export const ClaimsRules: FieldRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(MAX_NAMES),
    IsString({ each: true }),
    Matches(CLAIM_NAME, { each: true, message: `each claim must be ${CLAIM_NAME_RULE}` }),
    ValidateBy({
      name: 'isUnreservedClaimName',
      validator: {
        validate: (value: unknown) => reservedIn(value).length === 0,
        defaultMessage: (args) => reservedMessage(reservedIn(args?.value)),
      },
    }),
  );

function reservedIn(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (name): name is string => typeof name === 'string' && RESERVED_CLAIM_NAMES.has(name),
  );
}

function reservedMessage(reserved: readonly string[]): string {
  const unique = [...new Set(reserved)];
  const names = unique.join(', ');
  return unique.length === 1
    ? `claims may not map ${names}: it is a reserved claim name`
    : `claims may not map ${names}: they are reserved claim names`;
}
