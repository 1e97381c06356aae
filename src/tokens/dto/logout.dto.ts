import { IsOmittable } from '../../common/is-omittable.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** `POST /auth/logout`. */
export class LogoutDto {
  @ApiPropertyOptional({
    description:
      "A refresh token of the caller's whose session to end too (the session the access token " +
      'was issued with always ends)',
    example: 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE',
  })
  @IsOmittable()
  @IsString()
  @Length(1, 512)
  refresh_token?: string;
}
