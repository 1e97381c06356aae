import { HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto';

/**
 * Adds the "No escalation" refusal (docs/architecture.md §5) to a route's documented 403.
 * OpenAPI keeps one response per status, so this one extends the description of
 * `ApiPermissionErrors` and leaves its example in place; put it above that decorator.
 */
export function ApiEscalationError(what: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: HttpStatus.FORBIDDEN,
    type: ErrorResponseDto,
    description:
      `Or \`ERR_PRIVILEGE_ESCALATION\` (no challenge): ${what}; \`missing\` names what the ` +
      'caller lacks, e.g. `{"code": "ERR_PRIVILEGE_ESCALATION", "message": "You may not grant ' +
      'what you do not hold: users:write", "missing": ["users:write"]}`',
  });
}
