import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config';

/**
 * Everything that may hold a credential is censored before a log line is written, wherever it
 * appears: headers, bodies a developer logs by hand, error objects.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.password_hash',
  '*.client_secret',
  '*.clientSecret',
  '*.secret',
  '*.access_token',
  '*.refresh_token',
  '*.subject_token',
  '*.token',
  '*.privateKey',
  '*.private_key_enc',
  '*.d',
];

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Honours a caller's X-Request-Id when it is well-formed, so ids follow a request across services. */
export function requestIdFrom(headerValue: unknown): string {
  return typeof headerValue === 'string' && REQUEST_ID_PATTERN.test(headerValue)
    ? headerValue
    : randomUUID();
}

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Fastify assigns the id (see main.ts); pino-http reuses it so both agree.
      genReqId: (req: IncomingMessage & { id?: unknown }) =>
        typeof req.id === 'string' ? req.id : requestIdFrom(req.headers['x-request-id']),
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
      serializers: {
        req: (req: { id: unknown; method: unknown; url: unknown; remoteAddress: unknown }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
      },
      base: { service: 'warden' },
    },
  };
}
