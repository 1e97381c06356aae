import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TokenUse } from '@warden/nest-auth';
import { IsOmittable } from '../../../common/is-omittable.decorator';
import { MAX_NAMES, PERMISSION_NAME_RULE } from '../../admin-names';
import { CLAIM_NAME_RULE } from '../../../apis/reserved-claims';
import { TOKEN_USES } from '../../../apis/resource-server';
import { API_IDENTIFIER_RULE, MAX_API_IDENTIFIER_LENGTH } from '../api-identifier';
import {
  AccessTokenTtlRules,
  AllowedTokenUsesRules,
  API_NAME_MAX_LENGTH,
  ClaimsRules,
  IdentifierRules,
  NameRules,
  PermissionsRules,
} from './api-field-rules';

export const ACCESS_TOKEN_TTL_DESCRIPTION =
  'Lifetime of its tokens in seconds, from 1 to API_TOKEN_TTL_MAX (default 28800); null or ' +
  'absent: the default of each token use (ACCESS_TOKEN_TTL, SERVICE_TOKEN_TTL, 300 for delegated)';
export const CLAIMS_DESCRIPTION =
  'Subject attributes copied into its tokens as claims of the same name; each ' +
  `${CLAIM_NAME_RULE}, and never a registered claim name (sub, aud, roles, …)`;

/** `POST /apis`: registers a resource server tokens may be asked for (RFC 8707). */
export class CreateApiDto {
  @ApiProperty({
    description:
      `The \`aud\` of its tokens and the \`resource\` or \`audience\` clients ask for. ` +
      `${API_IDENTIFIER_RULE}. Cannot be changed`,
    example: 'https://billing.example.com',
    maxLength: MAX_API_IDENTIFIER_LENGTH,
  })
  @IdentifierRules()
  identifier!: string;

  @ApiProperty({ example: 'Billing', minLength: 1, maxLength: API_NAME_MAX_LENGTH })
  @NameRules()
  name!: string;

  @ApiProperty({
    type: [String],
    maxItems: MAX_NAMES,
    example: ['invoices:read', 'invoices:write'],
    description:
      'The permissions it defines: its tokens carry no others. Only permissions the caller ' +
      `holds (403 otherwise). ${PERMISSION_NAME_RULE}`,
  })
  @PermissionsRules()
  permissions!: string[];

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    example: 3600,
    description: ACCESS_TOKEN_TTL_DESCRIPTION,
  })
  @AccessTokenTtlRules()
  access_token_ttl?: number | null;

  @ApiPropertyOptional({
    enum: TOKEN_USES,
    isArray: true,
    minItems: 1,
    example: TOKEN_USES,
    description: 'The token uses it accepts; default: all three',
  })
  @IsOmittable()
  @AllowedTokenUsesRules()
  allowed_token_uses?: TokenUse[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_NAMES,
    example: ['tenant_id'],
    description: `${CLAIMS_DESCRIPTION}; default: none`,
  })
  @IsOmittable()
  @ClaimsRules()
  claims?: string[];
}
