import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's security headers on every response. The middleware is built once: the Fastify
 * plugin builds it again for every request (its options parsed, the CSP string joined), a few
 * percent of a request's CPU. The Swagger UI at /docs needs inline scripts and styles.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    // Helmet 8 throws rather than passing an error on, so `done` is only ever called empty.
    apply(request.raw, reply.raw, () => done());
  });
}
