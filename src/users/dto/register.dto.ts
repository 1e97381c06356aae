import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, Matches, Validate } from 'class-validator';
import { NEW_PASSWORD_DESCRIPTION, PasswordFormConstraint } from './password-form.constraint';

export class RegisterDto {
  @ApiProperty({
    description: '3 to 32 characters: letters, digits, `.`, `_` and `-`',
    example: 'ada.lovelace',
    minLength: 3,
    maxLength: 32,
    pattern: '^[A-Za-z0-9._-]+$',
  })
  @IsString()
  @Length(3, 32)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'username may contain only letters, digits, ".", "_" and "-"',
  })
  username!: string;

  @ApiProperty({ example: 'ada@example.com', format: 'email', maxLength: 254 })
  @IsString()
  @IsEmail()
  @Length(3, 254)
  email!: string;

  @ApiProperty({
    description: NEW_PASSWORD_DESCRIPTION,
    example: 'correct horse battery staple',
    format: 'password',
  })
  @IsString()
  @Validate(PasswordFormConstraint)
  password!: string;
}
