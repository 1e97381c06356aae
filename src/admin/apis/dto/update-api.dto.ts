import { ApiPropertyOptional } from '@nestjs/swagger';
import type { TokenUse } from '@warden/nest-auth';
import { IsOmittable } from '../../../common/is-omittable.decorator';
import { MAX_NAMES, PERMISSION_NAME_RULE } from '../../admin-names';
import { TOKEN_USES } from '../../../apis/resource-server';
import {
  AccessTokenTtlRules,
  AllowedTokenUsesRules,
  API_NAME_MAX_LENGTH,
  ClaimsRules,
  NameRules,
  PermissionsRules,
} from './api-field-rules';
import { ACCESS_TOKEN_TTL_DESCRIPTION, CLAIMS_DESCRIPTION } from './create-api.dto';

/** `PATCH /apis/:identifier`: only the fields present change; the identifier never does. */
export class UpdateApiDto {
  @ApiPropertyOptional({ example: 'Billing', minLength: 1, maxLength: API_NAME_MAX_LENGTH })
  @IsOmittable()
  @NameRules()
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_NAMES,
    example: ['invoices:read', 'invoices:write'],
    description:
      'Replaces the permissions it defines. Every permission added or removed must be one ' +
      `the caller holds (403 otherwise). ${PERMISSION_NAME_RULE}`,
  })
  @IsOmittable()
  @PermissionsRules()
  permissions?: string[];

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    example: 3600,
    description: `${ACCESS_TOKEN_TTL_DESCRIPTION}. null restores the defaults`,
  })
  @AccessTokenTtlRules()
  access_token_ttl?: number | null;

  @ApiPropertyOptional({
    enum: TOKEN_USES,
    isArray: true,
    minItems: 1,
    example: TOKEN_USES,
    description: 'Replaces the token uses it accepts',
  })
  @IsOmittable()
  @AllowedTokenUsesRules()
  allowed_token_uses?: TokenUse[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_NAMES,
    example: ['tenant_id'],
    description: `Replaces the claims it maps. ${CLAIMS_DESCRIPTION}`,
  })
  @IsOmittable()
  @ClaimsRules()
  claims?: string[];
}
