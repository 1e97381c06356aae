import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** RFC 6749 §5.1 (and RFC 8693 §2.2.1 `issued_token_type` for token exchange). */
export class OAuthTokenResponseDto {
  @ApiProperty({ description: 'A signed JWT (RFC 9068, `typ: at+jwt`)' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ example: 300 })
  expires_in!: number;

  @ApiPropertyOptional({
    description:
      'password and refresh_token grants, and authorization_code with offline_access; one use',
  })
  refresh_token?: string;

  @ApiPropertyOptional({
    description: 'authorization_code grant with the openid scope: the OIDC ID token (a JWS)',
  })
  id_token?: string;

  @ApiPropertyOptional({ description: 'The granted permissions, when a scope was requested' })
  scope?: string;

  @ApiPropertyOptional({ enum: [ACCESS_TOKEN_TYPE], description: 'token exchange only' })
  issued_token_type?: string;
}
