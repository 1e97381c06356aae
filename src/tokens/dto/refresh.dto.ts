import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** `POST /auth/refresh`. */
export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token of the last TokenResponse (one use)',
    example: 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE',
  })
  @IsString()
  @Length(1, 512)
  refresh_token!: string;
}
