import pino, { DestinationStream } from 'pino';
import type { MessageFormatFunc } from 'pino-pretty';
import type { LogFormat } from '../config';

/** Fields the pretty line already shows in its message, or that say nothing to a person. */
const PRETTY_IGNORED = 'pid,hostname,service,context,reqId,method,url,route,status,durationMs';

/**
 * Where log lines go: standard output, as JSON lines or prettified. Writes are synchronous, so
 * the last lines before `process.exit` are never lost.
 */
export function logDestination(format: LogFormat): DestinationStream {
  if (format === 'json') return pino.destination({ dest: 1, sync: true });
  // Loaded only when chosen: production images never load the prettifier.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({
    destination: 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: PRETTY_IGNORED,
    messageFormat: prettyMessage,
  });
}

/** `[Context] message (request id)`: what a person scans for, on one line. */
export const prettyMessage: MessageFormatFunc = (log, messageKey) => {
  const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
  const requestId = typeof log.reqId === 'string' ? ` (${log.reqId})` : '';
  const message = log[messageKey];
  return `${context}${typeof message === 'string' ? message : ''}${requestId}`;
};
