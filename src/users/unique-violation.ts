/** PostgreSQL's unique_violation SQLSTATE. */
const UNIQUE_VIOLATION = '23505';

/**
 * The name of the unique constraint (or index) a failed query violated, or undefined when the
 * error is anything else. Reads pg's error directly or through TypeORM's `driverError`.
 */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint, driverError } = error as {
    code?: unknown;
    constraint?: unknown;
    driverError?: unknown;
  };
  if (code === UNIQUE_VIOLATION && typeof constraint === 'string') return constraint;
  return driverError === undefined ? undefined : violatedUniqueConstraint(driverError);
}

/**
 * Drops the bound parameters TypeORM copies onto a failed query's error, so an error that
 * reaches the log never carries a password hash that was being written.
 */
export function withoutQueryParameters(error: unknown): unknown {
  if (typeof error === 'object' && error !== null && 'parameters' in error) {
    (error as { parameters?: unknown }).parameters = undefined;
  }
  return error;
}
