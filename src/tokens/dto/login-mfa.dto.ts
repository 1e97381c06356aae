import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { NotBoth } from '../../common/not-both.validator';
import { TOTP_CODE_MESSAGE, TOTP_CODE_PATTERN } from '../../mfa/dto/totp-code.dto';

/** `POST /auth/login/mfa`: the `mfa_token` of the password step, and a second factor. */
export class LoginMfaDto {
  @ApiProperty({ description: 'From the 401 `mfa_required` answer of `POST /auth/login`' })
  @IsString()
  @Length(1, 128)
  mfa_token!: string;

  @ApiPropertyOptional({
    description: 'The 6-digit code of the authenticator app; give this or `recovery_code`',
    example: '123456',
  })
  @ValidateIf((body: LoginMfaDto) => body.recovery_code === undefined || body.code !== undefined)
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({
    description: 'One of the recovery codes (single use; case and dashes do not matter)',
    example: 'K7QX-M2PA-7VTR-4HCE',
  })
  @ValidateIf((body: LoginMfaDto) => body.recovery_code !== undefined)
  @IsString()
  @Length(1, 64)
  @NotBoth('code')
  recovery_code?: string;
}
