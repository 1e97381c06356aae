import { ApiProperty } from '@nestjs/swagger';

/** RFC 8414 §2. There is no authorization endpoint, so no response types. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({ example: 'https://auth.example.com' })
  issuer!: string;

  @ApiProperty()
  jwks_uri!: string;

  @ApiProperty()
  token_endpoint!: string;

  @ApiProperty()
  introspection_endpoint!: string;

  @ApiProperty()
  revocation_endpoint!: string;

  @ApiProperty({ type: [String] })
  grant_types_supported!: string[];

  @ApiProperty({ type: [String] })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], example: [] })
  response_types_supported!: string[];
}
