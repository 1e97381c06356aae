import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Validate } from 'class-validator';
import {
  NEW_PASSWORD_DESCRIPTION,
  PasswordFormConstraint,
} from '../../users/dto/password-form.constraint';

/** `POST /auth/password`. */
export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @Length(1, 1024)
  currentPassword!: string;

  @ApiProperty({
    description: NEW_PASSWORD_DESCRIPTION,
    example: 'tr0ub4dor & 3 more words',
    format: 'password',
  })
  @IsString()
  @Validate(PasswordFormConstraint)
  newPassword!: string;
}
