import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * `client_secret_post` (RFC 6749 §2.3.1): the client's credentials in the body; or, for a
 * public client (`none`, §2.1), its `client_id` alone.
 */
export class ClientAuthFieldsDto {
  @ApiPropertyOptional({
    description:
      'client_secret_post, or a public client naming itself (`none`: authorization_code, ' +
      'refresh_token and revocation only); or use HTTP Basic',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_id?: string;

  @ApiPropertyOptional({
    description: 'client_secret_post; or use HTTP Basic. Never for a public client',
    format: 'password',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_secret?: string;
}
