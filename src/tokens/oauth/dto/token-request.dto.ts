import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAudienceList } from '../../../apis/audience-list.validator';
import { MFA_GRANT_TYPE, SUPPORTED_GRANT_TYPES } from '../../clients/service-client';
import { ClientAuthFieldsDto } from './client-auth-fields.dto';

/** Tokens are a few kilobytes at most; anything longer is not one of ours. */
const MAX_TOKEN = 8192;

/**
 * `POST /oauth/token` (RFC 6749 §4.3, §4.4, §6; RFC 8693 §2.1). Which parameters are required
 * depends on `grant_type`; the grant checks them and answers `invalid_request`.
 */
export class TokenRequestDto extends ClientAuthFieldsDto {
  @ApiProperty({ enum: [...SUPPORTED_GRANT_TYPES, MFA_GRANT_TYPE], example: 'client_credentials' })
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

  @ApiPropertyOptional({ description: 'authorization_code grant: the code of the redirect' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  code?: string;

  @ApiPropertyOptional({
    description: 'authorization_code grant: the redirect_uri of the authorization request',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  redirect_uri?: string;

  @ApiPropertyOptional({ description: 'authorization_code grant: the PKCE verifier (RFC 7636)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  code_verifier?: string;

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

  @ApiPropertyOptional({
    description:
      'RFC 8693 §2.1 (every grant): the identifier of the API the token is for; may repeat. ' +
      "The client's `allowed_audiences` (and this service's own audience) only, else " +
      '`invalid_target`',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'internal-api',
  })
  @IsOptional()
  @IsAudienceList()
  audience?: string | string[];

  @ApiPropertyOptional({
    description:
      'RFC 8707 §2 (every grant): an absolute URI identifying the API the token is for; may ' +
      'repeat (the token then names them all). Allowed as `audience` is',
    oneOf: [
      { type: 'string', format: 'uri' },
      { type: 'array', items: { type: 'string', format: 'uri' } },
    ],
    example: 'https://billing.example.com',
  })
  @IsOptional()
  @IsAudienceList()
  resource?: string | string[];

  @ApiPropertyOptional({
    description: `${MFA_GRANT_TYPE} grant: the mfa_token of the password grant's mfa_required answer`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  mfa_token?: string;

  @ApiPropertyOptional({
    description: `${MFA_GRANT_TYPE} grant: the authenticator app's 6-digit code`,
    example: '123456',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  otp?: string;

  @ApiPropertyOptional({
    description: `${MFA_GRANT_TYPE} grant: a recovery code, instead of otp`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recovery_code?: string;
}
