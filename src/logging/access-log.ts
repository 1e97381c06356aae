import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { runInRequest } from './request-context';

/** A hostile 16 KB URL would make every line that long. */
const MAX_LOGGED_PATH = 512;

/** Load balancers poll these every few seconds; their lines are there at debug. */
const PROBE_PREFIX = '/health/';

/**
 * One access-log line per request, written when its connection is done with it (answered, or
 * abandoned by the client): request id, method, path, route, status and duration. The query
 * string, headers and body are never logged: they are where credentials travel.
 */
export function registerAccessLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.once('close', () => writeAccessLine(logger, request, reply));
    runInRequest(request.id, done);
  });
  // Body parsing ends in the socket's async context, not the request's: enter it again, so the
  // handler's own log lines carry the request id.
  fastify.addHook('preHandler', (request, _reply, done) => runInRequest(request.id, done));
}

function writeAccessLine(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const path = pathOf(request.url);
  const status = reply.raw.statusCode;
  const durationMs = Math.round(reply.elapsedTime * 10) / 10;
  const aborted = !reply.raw.writableFinished;
  const level = path.startsWith(PROBE_PREFIX) ? 'debug' : 'info';
  logger[level](
    {
      reqId: request.id,
      method: request.method,
      url: path,
      route: request.routeOptions.url,
      status,
      durationMs,
      ...(aborted ? { aborted } : {}),
    },
    `${request.method} ${path} ${aborted ? 'aborted' : status} ${durationMs} ms`,
  );
}

/** The path alone: a query string may carry a token (`?access_token=`, RFC 6750 §2.3). */
function pathOf(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}
