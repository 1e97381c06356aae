export * from './app-config';
export * from './config.module';
export {
  ConfigValidationError,
  CONFIG_DEFAULTS,
  MAX_CLOCK_TOLERANCE,
  parseConfig,
} from './config.schema';
export { loadConfig } from './load-config';
