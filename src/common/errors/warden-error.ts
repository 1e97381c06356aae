/**
 * The base of every error Warden throws on purpose. `code` is stable and public; the message is
 * for operators. The HTTP mapping lives in one place (error-status.ts), never here.
 */
export abstract class WardenError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    /** Extra public fields merged into the response body (never secrets). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

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
