import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { MAX_API_IDENTIFIER_LENGTH } from './admin/apis/api-identifier';
import { parseFormBody } from './common/form-body';
import { JsonBodyValidationPipe } from './common/json-body-validation.pipe';
import { JsonBodyInterceptor } from './common/json-body.interceptor';
import { jsonBodyParser } from './common/json-body.parser';
import { AppConfig } from './config';
import { registerAccessLog, requestIdFrom, ROOT_LOGGER } from './logging';
import { registerSecurityHeaders } from './common/security-headers';
import { createOpenApiDocument } from './openapi/openapi-document';
import { ClientsService } from './tokens/clients/clients.service';
import { isClientCorsPath, registerClientCors } from './tokens/oauth/client-cors';

/** The HTTP server: body limit, request timeout and request ids, all from config. */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimit,
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: config.http.requestTimeoutMs,
    // The longest path parameter is an API identifier (`/apis/:identifier`); Fastify's default
    // of 100 characters would answer a longer one 414.
    routerOptions: { maxParamLength: MAX_API_IDENTIFIER_LENGTH },
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']),
  });
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  return adapter;
}

/**
 * Everything applied to the app outside its modules, shared by main.ts and the e2e tests so the
 * tests exercise the same pipeline as production.
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  // First, so every later hook and the handler run inside the request's logging context.
  registerAccessLog(app.getHttpAdapter().getInstance(), app.get(ROOT_LOGGER));
  registerSecurityHeaders(app.getHttpAdapter().getInstance());
  // RFC 6749 §3.2: the OAuth endpoints take form bodies; a repeated name becomes an array, which
  // their validation refuses (parameters "MUST NOT be included more than once").
  // Registered through Nest (it replaces the adapter's default parser and keeps the body limit).
  const bodyLimit = config.http.bodyLimit;
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) =>
    done(null, parseFormBody(body.toString('utf8'))),
  );
  // JSON bodies: depth-limited before parsing, prototype-poisoning refused, repeated members
  // recorded; a refusal is thrown by JsonBodyInterceptor, inside the route (see its file).
  app.useBodyParser('application/json', { bodyLimit }, jsonBodyParser(config.http.bodyMaxDepth));
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  app.useGlobalPipes(
    new JsonBodyValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  // The endpoints a single-page app calls answer CORS for the clients' allowed origins and
  // CORS_ORIGINS both; after helmet, so a preflight answer carries the security headers too.
  const corsOrigins = new Set(config.http.corsOrigins);
  const clients = app.get(ClientsService);
  registerClientCors(
    app.getHttpAdapter().getInstance(),
    (origin) => corsOrigins.has(origin) || clients.isAllowedOrigin(origin),
  );
  if (corsOrigins.size > 0) {
    const elsewhere = { origin: config.http.corsOrigins, credentials: false, maxAge: 600 };
    app.enableCors({
      delegator: (request, callback) =>
        callback(null, isClientCorsPath(request.url) ? { origin: false } : elsewhere),
    });
  }
  // docs/architecture.md §7: DOCS_ENABLED=false leaves /docs and /docs-json unregistered (404).
  if (config.operations.docsEnabled) setupApiDocs(app);
}

function setupApiDocs(app: NestFastifyApplication): void {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
