import pino, { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config';
import { logDestination } from './log-destination';
import { REDACTED_PATHS, REDACTION_CENSOR } from './redacted-paths';

/**
 * The process's one root logger: start-up lines, Nest's logs (through AppLogger) and the access
 * log all go through it, so every line has the same format, level and redaction.
 *
 * @example
 * const log = createLogger(config);
 * log.info('Warden is listening');
 */
export function createLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  destination: DestinationStream = logDestination(config.logFormat),
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'warden' },
      redact: { paths: [...REDACTED_PATHS], censor: REDACTION_CENSOR },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
