import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicUserDto } from '../../users/dto/public-user.dto';
import type { TokenResponse } from '../token-response';

/** The OpenAPI description of TokenResponse (docs/architecture.md §5, RFC 6749 §5.1). */
export class TokenResponseDto implements TokenResponse {
  @ApiProperty({
    description: 'A signed JWT (RFC 9068, `typ: at+jwt`); send it as `Authorization: Bearer ...`',
    example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIuLi4ifQ.c2ln',
  })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expires_in!: number;

  @ApiProperty({
    description: 'Opaque, one use: `POST /auth/refresh` spends it and returns a new pair',
    example: 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE',
  })
  refresh_token!: string;

  @ApiPropertyOptional({ example: 'openid' })
  scope?: string;

  @ApiProperty({ type: PublicUserDto })
  user!: PublicUserDto;

  @ApiPropertyOptional({
    description: 'After a login with a recovery code: how many unused ones are left',
    example: 9,
  })
  recovery_codes_remaining?: number;
}

/**
 * The login of a user whose role requires a second factor they have not enrolled: a token for
 * the enrolment routes only (`POST /auth/mfa/totp` and `/confirm`), and no refresh token.
 */
export class EnrolmentTokenResponseDto {
  @ApiProperty({ description: 'Accepted by the two enrolment routes only' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 900 })
  expires_in!: number;

  @ApiProperty({ type: PublicUserDto })
  user!: PublicUserDto;

  @ApiProperty({ enum: [true], example: true })
  mfa_enrolment_required!: true;
}
