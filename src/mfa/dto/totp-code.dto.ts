import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export const TOTP_CODE_PATTERN = /^\d{6}$/;
export const TOTP_CODE_MESSAGE = 'code must be the 6 digits the authenticator app shows';

/** `POST /auth/mfa/totp/confirm`: the first code of the new secret. */
export class TotpCodeDto {
  @ApiProperty({ description: 'The 6-digit code the authenticator app shows', example: '123456' })
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: TOTP_CODE_MESSAGE })
  code!: string;
}
