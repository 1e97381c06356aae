import { ApiProperty } from '@nestjs/swagger';
import { API_IDENTIFIER_RULE, MAX_API_IDENTIFIER_LENGTH } from '../api-identifier';
import { IdentifierRules } from './api-field-rules';

/** The `:identifier` of `/apis/:identifier`, percent-encoded in the path (RFC 3986 §2.1). */
export class ApiIdentifierParamDto {
  @ApiProperty({
    description:
      `The API's identifier, percent-encoded (\`https%3A%2F%2Fbilling.example.com\`). ` +
      API_IDENTIFIER_RULE,
    example: 'https://billing.example.com',
    maxLength: MAX_API_IDENTIFIER_LENGTH,
  })
  @IdentifierRules()
  identifier!: string;
}
