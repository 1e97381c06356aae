import { WardenError } from '@warden/nest-auth';

// One base class for the library's errors and the service's: the exception filter maps both.
export { WardenError };

export class NotFoundError extends WardenError {
  readonly code = 'ERR_NOT_FOUND';
}

export class ConflictError extends WardenError {
  readonly code = 'ERR_CONFLICT';
}

export class InvalidInputError extends WardenError {
  readonly code = 'ERR_INVALID_INPUT';
}

export class DatabaseUnavailableError extends WardenError {
  readonly code = 'ERR_DATABASE_UNAVAILABLE';

  constructor() {
    super('The database is unavailable; try again shortly');
  }
}
