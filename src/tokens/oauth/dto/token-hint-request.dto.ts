import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ClientAuthFieldsDto } from './client-auth-fields.dto';

/** `POST /oauth/introspect` (RFC 7662 §2.1) and `POST /oauth/revoke` (RFC 7009 §2.1). */
export class TokenHintRequestDto extends ClientAuthFieldsDto {
  @ApiProperty({ description: 'An access token or a refresh token' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  token!: string;

  @ApiPropertyOptional({
    description: 'A hint only: both kinds are looked up whatever it says',
    enum: ['access_token', 'refresh_token'],
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  token_type_hint?: string;
}
