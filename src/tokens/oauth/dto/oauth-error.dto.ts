import { ApiProperty } from '@nestjs/swagger';

/** RFC 6749 §5.2 error body of the OAuth endpoints. */
export class OAuthErrorDto {
  @ApiProperty({
    enum: [
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
      'invalid_target',
      'temporarily_unavailable',
      'server_error',
    ],
    example: 'invalid_grant',
  })
  error!: string;

  @ApiProperty({ example: 'The refresh token is invalid, expired or revoked' })
  error_description!: string;
}
