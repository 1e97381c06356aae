import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { TOTP_CODE_MESSAGE, TOTP_CODE_PATTERN } from './totp-code.dto';

/** `DELETE /auth/mfa/totp`: the password and a current code, so a stolen token cannot do it. */
export class DisableTotpDto {
  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @Length(1, 1024)
  password!: string;

  @ApiProperty({ description: 'A current 6-digit code', example: '123456' })
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  code!: string;
}
