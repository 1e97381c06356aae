import { ApiProperty } from '@nestjs/swagger';
import type { Attributes } from '../../../common/attributes';
import {
  SUPPORTED_GRANT_TYPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type ServiceClient,
  type TokenEndpointAuthMethod,
} from '../../../tokens/clients/service-client';

/** A registered client (RFC 7591 §3.2.1 field names); never its secret or digest. */
export class ClientDto {
  @ApiProperty({ example: 'Zk3mV9xQ2bT7cN1pL5sR8w' })
  client_id!: string;

  @ApiProperty({ example: 'reporting-service' })
  name!: string;

  @ApiProperty({ example: ['reports:read'], type: [String] })
  permissions!: string[];

  @ApiProperty({
    example: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    enum: SUPPORTED_GRANT_TYPES,
    isArray: true,
  })
  grant_types!: string[];

  @ApiProperty({
    description: "Registered APIs it may ask tokens for, beyond the service's own audience",
    example: ['https://reports.example.com'],
    type: [String],
  })
  allowed_audiences!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Administrator-set data; the APIs that name a member copy it into its tokens',
    example: { tenant_id: 'acme' },
  })
  attributes!: Attributes;

  @ApiProperty({
    description: 'Where `/oauth/authorize` may send the browser back; matched exactly',
    example: ['https://app.example.com/callback'],
    type: [String],
  })
  redirect_uris!: string[];

  @ApiProperty({
    description: 'Where `/oauth/logout` may send the browser afterwards; matched exactly',
    example: ['https://app.example.com/signed-out'],
    type: [String],
  })
  post_logout_redirect_uris!: string[];

  @ApiProperty({
    description: '`none` for a public client, which has no secret',
    enum: TOKEN_ENDPOINT_AUTH_METHODS,
    example: 'client_secret_basic',
  })
  token_endpoint_auth_method!: TokenEndpointAuthMethod;

  @ApiProperty({ description: 'No consent page; its tokens carry the roles', example: false })
  first_party!: boolean;

  @ApiProperty({
    description: 'Browser origins allowed to call the token endpoint and friends (CORS)',
    example: ['https://app.example.com'],
    type: [String],
  })
  allowed_origins!: string[];

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  created_at!: string;

  static from(client: ServiceClient): ClientDto {
    return {
      client_id: client.clientId,
      name: client.name,
      permissions: client.permissions,
      grant_types: client.grantTypes,
      allowed_audiences: client.allowedAudiences,
      attributes: client.attributes,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      token_endpoint_auth_method: client.tokenEndpointAuthMethod,
      first_party: client.firstParty,
      allowed_origins: client.allowedOrigins,
      is_active: client.isActive,
      created_at: client.createdAt,
    };
  }
}
