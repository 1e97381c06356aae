import { WardenError } from '../common/errors/warden-error';

/**
 * A scope that is malformed or asks for more than the grant can give: RFC 6749 §5.2
 * `invalid_scope` (OAUTH_ERRORS maps the code for the OAuth surface).
 */
export class InvalidScopeError extends WardenError {
  readonly code = 'ERR_INVALID_SCOPE';
}
