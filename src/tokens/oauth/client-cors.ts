import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The endpoints a single-page app calls from its own origin (the Fetch standard's CORS
 * protocol), with the methods each takes: tokens, revocation, userinfo, and the metadata and
 * keys it configures itself from. Everything else keeps CORS_ORIGINS alone.
 */
const CLIENT_CORS_ROUTES: ReadonlyMap<string, string> = new Map([
  ['/oauth/token', 'POST'],
  ['/oauth/revoke', 'POST'],
  ['/userinfo', 'GET, POST'],
  ['/.well-known/openid-configuration', 'GET'],
  ['/.well-known/oauth-authorization-server', 'GET'],
  ['/.well-known/jwks.json', 'GET'],
]);

/** What an app sends: its Bearer token at userinfo, a form or JSON body elsewhere. */
export const CLIENT_CORS_ALLOWED_HEADERS = 'authorization, content-type';
/** Seconds a browser may reuse a preflight answer (its own cap may be lower). */
export const CLIENT_CORS_MAX_AGE = 600;

/** The request as the CORS decision sees it. */
export interface CorsRequest {
  method: string;
  url: string;
  origin: string | undefined;
  /** `Access-Control-Request-Method`: present on a preflight only. */
  requestMethod: unknown;
}

export interface CorsAnswer {
  /** Headers to add (`Vary` is to be merged with any already set). */
  headers: Record<string, string>;
  /** A preflight, to be answered 204 at once. */
  preflight: boolean;
}

/** True for the paths whose CORS answers are clientCorsAnswer's, whatever the query string. */
export function isClientCorsPath(url: string): boolean {
  return CLIENT_CORS_ROUTES.has(pathOf(url));
}

/**
 * The CORS answer of a client endpoint, undefined for any other path. An allowed origin gets
 * `Access-Control-Allow-Origin` naming it (never `*`, never credentials: these endpoints take
 * no cookies); an unlisted one gets no CORS header at all, and its preflight a bare 204 the
 * browser reads as a refusal (a 403 would say the same, less quietly). Every answer says
 * `Vary: Origin`, so a cache never serves one origin's answer to another (Fetch §3.2.5).
 *
 * @example
 * ```ts
 * clientCorsAnswer(
 *   { method: 'OPTIONS', url: '/oauth/token', origin: 'https://app.example.com', requestMethod: 'POST' },
 *   (origin) => origin === 'https://app.example.com',
 * ); // { preflight: true, headers: { Vary: 'Origin', 'Access-Control-Allow-Origin': ..., ... } }
 * ```
 */
export function clientCorsAnswer(
  request: CorsRequest,
  allows: (origin: string) => boolean,
): CorsAnswer | undefined {
  const methods = CLIENT_CORS_ROUTES.get(pathOf(request.url));
  if (methods === undefined) return undefined;
  const { origin } = request;
  const preflight =
    request.method === 'OPTIONS' && origin !== undefined && request.requestMethod !== undefined;
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (origin === undefined || !allows(origin)) return { headers, preflight };
  headers['Access-Control-Allow-Origin'] = origin;
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = methods;
    headers['Access-Control-Allow-Headers'] = CLIENT_CORS_ALLOWED_HEADERS;
    headers['Access-Control-Max-Age'] = String(CLIENT_CORS_MAX_AGE);
  }
  return { headers, preflight };
}

/**
 * Answers CORS on the client endpoints from a request hook, before routing (a preflight has no
 * route) and before any guard (a preflight carries no credentials). `allows` must be cheap: it
 * runs on every request to these paths.
 */
export function registerClientCors(
  fastify: FastifyInstance,
  allows: (origin: string) => boolean,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const answer = clientCorsAnswer(
      {
        method: request.method,
        url: request.url,
        origin: request.headers.origin,
        requestMethod: request.headers['access-control-request-method'],
      },
      allows,
    );
    if (answer === undefined) return done();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (name === 'Vary') addVary(reply, value);
      else void reply.header(name, value);
    }
    if (!answer.preflight) return done();
    // Some browsers wait for a body unless a 204 says it has none.
    void reply.code(204).header('Content-Length', '0').send();
  });
}

function addVary(reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary');
  const listed = typeof current === 'string' ? current : '';
  const names = listed.split(',').map((part) => part.trim().toLowerCase());
  if (names.includes(name.toLowerCase()) || names.includes('*')) return;
  void reply.header('Vary', listed === '' ? name : `${listed}, ${name}`);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
