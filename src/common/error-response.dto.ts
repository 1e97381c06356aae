import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The body of every error response (AllExceptionsFilter): Nest's `{statusCode, error,
 * message}`, plus a stable `code` for Warden's own errors and, for some, the offending field.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiPropertyOptional({ example: 'ERR_USERNAME_TAKEN', description: 'Stable error code' })
  code?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'One message, or one per invalid field for a rejected body',
    example: 'Username already taken',
  })
  message!: string | string[];

  @ApiPropertyOptional({ example: 'username', description: 'The field the error is about' })
  field?: string;
}
