import type { LoggerService } from '@nestjs/common';
import { poolErrorHandler } from './pool-error-handler';

class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(`log ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`debug ${message}`);
  }
}

const ADMIN_SHUTDOWN = new Error('terminating connection due to administrator command');

describe(poolErrorHandler.name, () => {
  it("logs the pool's own shutdown at debug, not as a warning", () => {
    const logger = new RecordingLogger();

    poolErrorHandler(logger).call({ ending: true }, ADMIN_SHUTDOWN);

    expect(logger.lines).toEqual([
      'debug Pool connection closed during shutdown (terminating connection due to administrator command)',
    ]);
  });

  it('warns about an error of a pool in service', () => {
    const logger = new RecordingLogger();

    poolErrorHandler(logger).call({ ending: false }, ADMIN_SHUTDOWN);
    poolErrorHandler(logger).call(undefined, 'socket hang up');

    expect(logger.lines).toEqual([
      'warn Postgres pool raised an error: terminating connection due to administrator command',
      'warn Postgres pool raised an error: socket hang up',
    ]);
  });
});
