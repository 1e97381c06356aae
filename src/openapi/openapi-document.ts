import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { packageInfo } from '../common/package-info';
import { APP_CONFIG, AppConfig } from '../config';
import { markPublicOperations } from './public-operations';
import {
  BEARER_AUTH,
  BEARER_SCHEME,
  CLIENT_SECRET_BASIC,
  CLIENT_SECRET_BASIC_SCHEME,
  METRICS_TOKEN_AUTH,
  METRICS_TOKEN_SCHEME,
} from './security-schemes';

/**
 * The service's OpenAPI document, served at /docs-json and behind the Swagger UI at /docs.
 * The one server is JWT_ISSUER, the service's public base URL (RFC 8414 §3.3 holds it to that):
 * "Try it out" sends its requests there.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = app.get<AppConfig>(APP_CONFIG);
  const info = packageInfo();
  const builder = new DocumentBuilder()
    .setTitle('Warden')
    .setDescription(info.description)
    .setVersion(info.version)
    .addServer(config.jwt.issuer.replace(/\/+$/, ''), 'This Warden (JWT_ISSUER)')
    .addSecurity(BEARER_AUTH, BEARER_SCHEME)
    .addSecurity(CLIENT_SECRET_BASIC, CLIENT_SECRET_BASIC_SCHEME)
    .addSecurity(METRICS_TOKEN_AUTH, METRICS_TOKEN_SCHEME)
    .build();
  return markPublicOperations(SwaggerModule.createDocument(app, builder));
}
