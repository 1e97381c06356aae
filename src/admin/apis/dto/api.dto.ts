import { ApiProperty } from '@nestjs/swagger';
import type { TokenUse } from '@warden/nest-auth';
import { type ResourceServer, TOKEN_USES } from '../../../apis/resource-server';

/** An API (resource server) as the `/apis` routes answer it. */
export class ApiDto {
  @ApiProperty({ example: 'https://billing.example.com', description: 'The `aud` of its tokens' })
  identifier!: string;

  @ApiProperty({ example: 'Billing' })
  name!: string;

  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['invoices:read', 'invoices:write'],
    description: 'The permissions it defines; null for the built-in API, which defines every one',
  })
  permissions!: string[] | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3600,
    description: 'Seconds; null: the default lifetime of each token use',
  })
  access_token_ttl!: number | null;

  @ApiProperty({ enum: TOKEN_USES, isArray: true, example: TOKEN_USES })
  allowed_token_uses!: TokenUse[];

  @ApiProperty({
    type: [String],
    example: ['tenant_id'],
    description: 'Subject attributes its tokens carry as claims',
  })
  claims!: string[];

  @ApiProperty({
    example: false,
    description: "true for the service's own audience (JWT_AUDIENCE), which cannot be changed",
  })
  built_in!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-22T10:00:00.000Z',
    description: 'null for the built-in API',
  })
  created_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-22T10:00:00.000Z',
    description: 'null for the built-in API',
  })
  updated_at!: string | null;

  static from(api: ResourceServer): ApiDto {
    return {
      identifier: api.identifier,
      name: api.name,
      permissions: api.permissions === undefined ? null : [...api.permissions],
      access_token_ttl: api.accessTokenTtl ?? null,
      allowed_token_uses: [...api.allowedTokenUses],
      claims: [...api.claims],
      built_in: api.builtIn,
      created_at: api.createdAt ?? null,
      updated_at: api.updatedAt ?? null,
    };
  }
}
