export { registerAccessLog } from './access-log';
export { AppLogger } from './app-logger.service';
export { createLogger } from './create-logger';
export { logDestination } from './log-destination';
export { LoggingModule, ROOT_LOGGER } from './logging.module';
export { poolErrorHandler } from './pool-error-handler';
export { REDACTED_PATHS } from './redacted-paths';
export { currentRequestId } from './request-context';
export { requestIdFrom } from './request-id';
