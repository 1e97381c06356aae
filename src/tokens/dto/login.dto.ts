import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsAudienceList } from '../../apis/audience-list.validator';
import { IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { NotBoth } from '../../common/not-both.validator';

/** `POST /auth/login`: a username or an email (any letter case), and the password. */
export class LoginDto {
  @ApiPropertyOptional({
    description: 'The username; give this or `email`, not both',
    example: 'ada.lovelace',
  })
  @ValidateIf((body: LoginDto) => body.email === undefined || body.username !== undefined)
  @IsString()
  @Length(1, 254)
  username?: string;

  @ApiPropertyOptional({
    description: 'The email address; give this or `username`, not both',
    example: 'ada@example.com',
  })
  @ValidateIf((body: LoginDto) => body.email !== undefined)
  @IsString()
  @Length(1, 254)
  @NotBoth('username')
  email?: string;

  @ApiProperty({
    description:
      'Compared in its Unicode NFKC form; one over 72 bytes of UTF-8 once normalised never ' +
      'matches (the same 401 as a wrong password)',
    example: 'correct horse battery staple',
    format: 'password',
  })
  @IsString()
  @Length(1, 1024)
  password!: string;

  @ApiPropertyOptional({
    description:
      'The API (or APIs) the access token is for (RFC 8707): its identifier, or a list of up to ' +
      '10. The token then carries only the permissions that API defines and lives as long as it ' +
      "sets. Default: the service's own audience. Unknown: 400 `ERR_INVALID_TARGET`",
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'https://billing.example.com',
  })
  @IsOptional()
  @IsAudienceList()
  audience?: string | string[];
}
