import { WardenError } from '../common/errors';

/** The identifier is taken: by a registered API, or by the service's own audience. */
export class ApiExistsError extends WardenError {
  readonly code = 'ERR_API_EXISTS';

  constructor() {
    super('An API with this identifier already exists', { field: 'identifier' });
  }
}

export class ApiNotFoundError extends WardenError {
  readonly code = 'ERR_API_NOT_FOUND';

  constructor() {
    super('API not found');
  }
}

/**
 * The service's own audience (JWT_AUDIENCE) is the built-in API: it is configuration, not a
 * row, so neither a change nor a deletion could outlive the next start.
 */
export class BuiltInApiError extends WardenError {
  readonly code = 'ERR_BUILT_IN_API';

  constructor() {
    super('The built-in API cannot be changed or deleted');
  }
}
