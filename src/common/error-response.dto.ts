import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * `required` of a 403 `ERR_INSUFFICIENT_SCOPE`: what the token lacked, per kind; only the kinds
 * that failed are present (the library's MissingRequirements).
 */
export class MissingRequirementsDto {
  @ApiPropertyOptional({ type: [String], example: ['users:read'] })
  permissions?: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'Groups of which the token held none (`@Permissions.any`)',
  })
  anyOfPermissions?: string[][];

  @ApiPropertyOptional({ type: [String] })
  roles?: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'Groups of which the token held none (`@Roles`)',
  })
  anyOfRoles?: string[][];

  @ApiPropertyOptional({
    type: [String],
    description: 'Names of the policy predicates that failed',
  })
  predicates?: string[];
}

/** One entry of `errors` in a 400 `ERR_VALIDATION`. */
export class FieldErrorDto {
  @ApiProperty({
    example: 'email',
    description: 'Dotted path of the property (`items.0.name`); an `each` rule names the array',
  })
  field!: string;

  @ApiProperty({ example: 'email must be an email', description: "class-validator's message" })
  message!: string;
}

/**
 * The body of every error response outside the OAuth endpoints (AllExceptionsFilter, and the
 * library's filter for token errors): Nest's `{statusCode, error, message}`, a stable `code`
 * on every error, and the public details some errors carry. Every field the service
 * sends is listed here; the OpenAPI tests compare real error bodies with this schema.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({
    example: 'ERR_USERNAME_TAKEN',
    description:
      "Stable error code; the framework's own errors have one too (`ERR_ROUTE_NOT_FOUND`, " +
      '`ERR_BODY_TOO_LARGE`, `ERR_UNSUPPORTED_MEDIA_TYPE`, `ERR_TOO_MANY_REQUESTS`, `ERR_INTERNAL`)',
  })
  code!: string;

  @ApiProperty({
    example: 'Username already taken',
    description: 'One sentence; for `ERR_VALIDATION`, the messages of `errors` joined by "; "',
  })
  message!: string;

  @ApiPropertyOptional({
    type: () => FieldErrorDto,
    isArray: true,
    description: '400 `ERR_VALIDATION`: one entry per failed constraint',
  })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ example: 'username', description: 'The field the error is about' })
  field?: string;

  @ApiPropertyOptional({
    type: () => MissingRequirementsDto,
    description: '403 `ERR_INSUFFICIENT_SCOPE`: what the token lacked',
  })
  required?: MissingRequirementsDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['users:write'],
    description: '403 `ERR_PRIVILEGE_ESCALATION`: the permissions the caller does not hold',
  })
  missing?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['access', 'delegated'],
    description: "403 `ERR_USER_TOKEN_REQUIRED`: the token uses the route accepts (a user's)",
  })
  accepted?: string[];

  @ApiPropertyOptional({
    type: 'integer',
    example: 900,
    description: 'Seconds to wait, as in the Retry-After header (429 `ERR_ACCOUNT_LOCKED`)',
  })
  retryAfter?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['editor'],
    description: '400 `ERR_UNKNOWN_ROLE`: the roles that do not exist',
  })
  roles?: string[];

  @ApiPropertyOptional({ description: 'Key errors (`ERR_KEY_NOT_FOUND`, `ERR_KEY_NOT_REVOCABLE`)' })
  kid?: string;

  @ApiPropertyOptional({
    example: 'retired',
    description: "409 `ERR_KEY_NOT_REVOCABLE`: the key's current status",
  })
  status?: string;

  @ApiPropertyOptional({
    description: '500 only: the request id (`x-request-id`) to look up in the logs',
  })
  requestId?: string;
}
