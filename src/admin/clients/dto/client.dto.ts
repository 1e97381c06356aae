import { ApiProperty } from '@nestjs/swagger';
import type { Attributes } from '../../../common/attributes';
import { SUPPORTED_GRANT_TYPES, type ServiceClient } from '../../../tokens/clients/service-client';

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
      is_active: client.isActive,
      created_at: client.createdAt,
    };
  }
}
