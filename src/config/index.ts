export * from './app-config';
export * from './config.module';
export {
  ConfigValidationError,
  CONFIG_DEFAULTS,
  MAX_CLOCK_TOLERANCE,
  MIN_METRICS_TOKEN_LENGTH,
  parseConfig,
} from './config.schema';
export type { RuntimeFacts } from './config.schema';
export { loadConfig } from './load-config';
