import { IsOmittable } from '../../../common/is-omittable.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import {
  DEFAULT_CLIENT_GRANT_TYPES,
  SUPPORTED_GRANT_TYPES,
} from '../../../tokens/clients/service-client';

/** RFC 6749 §3.3 scope-token: a client's permissions are what its tokens' scopes name. */
const PERMISSION_NAME = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** `POST /clients`: a service client and what its `client_credentials` tokens may carry. */
export class CreateClientDto {
  @ApiProperty({ example: 'reporting-service', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    description:
      'Permissions of its client_credentials tokens (a `scope` request may narrow them); ' +
      'each an RFC 6749 §3.3 scope token (no spaces or quotes)',
    example: ['reports:read'],
    type: [String],
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @Matches(PERMISSION_NAME, { each: true, message: 'each permission must be a scope token' })
  permissions!: string[];

  @ApiPropertyOptional({
    description:
      'Grants the client may use (RFC 7591 §2). Default: client_credentials and token ' +
      'exchange; the password grant (and refresh_token) only when listed',
    example: DEFAULT_CLIENT_GRANT_TYPES,
    enum: SUPPORTED_GRANT_TYPES,
    isArray: true,
  })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(SUPPORTED_GRANT_TYPES, { each: true })
  grant_types?: string[];
}
