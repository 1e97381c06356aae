import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { currentRequestId } from './request-context';

/**
 * Nest's start-up narration (one line per module, controller and route): worth seeing when
 * debugging the wiring, noise on every ordinary start.
 */
const BOOT_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** Nest's ExceptionsHandler passes a stack trace as a second string. */
const STACK_TRACE = /\n\s*at /;

/**
 * Nest's LoggerService over pino: `new Logger('Keys').log('Rotated')` becomes one pino line with
 * `context: "Keys"` and, while serving a request, its `reqId`.
 *
 * @example
 * app.useLogger(new AppLogger(createLogger(config)));
 */
export class AppLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest's convention: a logger's context is the last parameter, when it is a string. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context = typeof last === 'string' && !STACK_TRACE.test(last) ? last : undefined;
    const extra = context === undefined ? params : params.slice(0, -1);
    const fields: Record<string, unknown> = {};
    const requestId = currentRequestId();
    if (requestId !== undefined) fields.reqId = requestId;
    if (context !== undefined) fields.context = context;
    const lineLevel = level === 'info' && context && BOOT_CONTEXTS.has(context) ? 'debug' : level;

    if (message instanceof Error) {
      this.logger[lineLevel]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      // `logger.error({ err, requestId }, 'Unhandled error')`: the object's fields, then the text.
      const text = extra.find((param): param is string => typeof param === 'string');
      this.logger[lineLevel]({ ...fields, ...message }, text);
    } else {
      const stack = extra.find(
        (param): param is string => typeof param === 'string' && STACK_TRACE.test(param),
      );
      if (stack !== undefined) fields.err = Object.assign(new Error(String(message)), { stack });
      this.logger[lineLevel](fields, String(message));
    }
  }
}
