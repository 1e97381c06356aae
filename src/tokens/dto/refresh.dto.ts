import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsAudienceList } from '../../apis/audience-list.validator';

/** `POST /auth/refresh`. */
export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token of the last TokenResponse (one use)',
    example: 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE',
  })
  @IsString()
  @Length(1, 512)
  refresh_token!: string;

  @ApiPropertyOptional({
    description:
      'The API (or APIs) the access token is for (RFC 8707): its identifier, or a list of up to ' +
      '10. The token then carries only the permissions that API defines and lives as long as it ' +
      "sets. Default: those the login asked for (else the service's own). Unknown: 400 `ERR_INVALID_TARGET`",
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'https://billing.example.com',
  })
  @IsOptional()
  @IsAudienceList()
  audience?: string | string[];
}
