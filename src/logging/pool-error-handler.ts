import type { LoggerService } from '@nestjs/common';

/** The part of pg's Pool the handler reads: whether `end()` has been called. */
interface EndingPool {
  readonly ending?: boolean;
}

/**
 * TypeORM's `poolErrorHandler`, called with the pool as `this` (an EventEmitter listener).
 * pg's `pool.end()` resolves before its idle connections have closed; when PostgreSQL stops
 * right after (Ctrl-C with the embedded server, a restart), those connections report
 * "terminating connection due to administrator command". That is the pool's own shutdown, not a
 * database problem: debug. Any other pool error is a warning, as TypeORM logs it by default.
 */
export function poolErrorHandler(logger: LoggerService): (error: unknown) => void {
  return function onPoolError(this: EndingPool | undefined, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this?.ending === true) {
      logger.debug?.(`Pool connection closed during shutdown (${message})`);
      return;
    }
    logger.warn(`Postgres pool raised an error: ${message}`);
  };
}
