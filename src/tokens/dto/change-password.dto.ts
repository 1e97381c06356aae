import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Validate } from 'class-validator';
import { PasswordLengthConstraint } from '../../users/dto/password-length.constraint';

/** `POST /auth/password`. */
export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @Length(1, 1024)
  currentPassword!: string;

  @ApiProperty({
    description:
      '8 to 72 bytes of UTF-8 (bcrypt reads no further), not equal to the username or email',
    example: 'tr0ub4dor & 3 more words',
    format: 'password',
  })
  @IsString()
  @Validate(PasswordLengthConstraint)
  newPassword!: string;
}
