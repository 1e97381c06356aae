import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SUPPORTED_GRANT_TYPES } from '../../clients/service-client';
import { ClientAuthFieldsDto } from './client-auth-fields.dto';

/** Tokens are a few kilobytes at most; anything longer is not one of ours. */
const MAX_TOKEN = 8192;

/**
 * `POST /oauth/token` (RFC 6749 §4.3, §4.4, §6; RFC 8693 §2.1). Which parameters are required
 * depends on `grant_type`; the grant checks them and answers `invalid_request`.
 */
export class TokenRequestDto extends ClientAuthFieldsDto {
  @ApiProperty({ enum: SUPPORTED_GRANT_TYPES, example: 'client_credentials' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  grant_type!: string;

  @ApiPropertyOptional({
    description: 'Space-separated permission names: narrows the token, never widens it',
    example: 'reports:read',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  scope?: string;

  @ApiPropertyOptional({ description: 'password grant: the username or email' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  username?: string;

  @ApiPropertyOptional({ description: 'password grant', format: 'password' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ description: 'refresh_token grant' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN)
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'token exchange: the access token to act for' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN)
  subject_token?: string;

  @ApiPropertyOptional({
    description: 'token exchange: must be urn:ietf:params:oauth:token-type:access_token',
    example: 'urn:ietf:params:oauth:token-type:access_token',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject_token_type?: string;

  @ApiPropertyOptional({
    description: 'token exchange: the authenticated client is the actor; not supported',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN)
  actor_token?: string;

  @ApiPropertyOptional({ description: 'token exchange: not supported' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor_token_type?: string;

  @ApiPropertyOptional({
    description: 'token exchange: only urn:ietf:params:oauth:token-type:access_token',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  requested_token_type?: string;

  @ApiPropertyOptional({ description: "token exchange: only this service's own audience" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  audience?: string;

  @ApiPropertyOptional({ description: "token exchange: only this service's own audience" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  resource?: string;
}
