import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 8414 §2, and OIDC Discovery 1.0 §3 for `/.well-known/openid-configuration`. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({ example: 'https://auth.example.com' })
  issuer!: string;

  @ApiProperty()
  authorization_endpoint!: string;

  @ApiProperty()
  token_endpoint!: string;

  @ApiPropertyOptional({ description: 'OIDC Discovery: the UserInfo endpoint' })
  userinfo_endpoint?: string;

  @ApiProperty()
  jwks_uri!: string;

  @ApiPropertyOptional({ description: 'OIDC RP-Initiated Logout 1.0' })
  end_session_endpoint?: string;

  @ApiProperty()
  introspection_endpoint!: string;

  @ApiProperty()
  revocation_endpoint!: string;

  @ApiProperty({ type: [String] })
  scopes_supported!: string[];

  @ApiProperty({ type: [String], example: ['code'] })
  response_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['query'] })
  response_modes_supported!: string[];

  @ApiProperty({ type: [String] })
  grant_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['S256'] })
  code_challenge_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ description: 'RFC 9207: authorization responses carry `iss`' })
  authorization_response_iss_parameter_supported!: boolean;

  @ApiPropertyOptional({ type: [String], example: ['public'] })
  subject_types_supported?: string[];

  @ApiPropertyOptional({ type: [String], example: ['RS256'] })
  id_token_signing_alg_values_supported?: string[];

  @ApiPropertyOptional({ type: [String] })
  claims_supported?: string[];

  @ApiPropertyOptional({ type: [String] })
  prompt_values_supported?: string[];

  @ApiPropertyOptional()
  request_parameter_supported?: boolean;

  @ApiPropertyOptional()
  request_uri_parameter_supported?: boolean;

  @ApiPropertyOptional()
  claims_parameter_supported?: boolean;
}
