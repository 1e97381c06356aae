import type { SecuritySchemeObject } from '@nestjs/swagger';

/** The name `ApiBearerAuth()` gives the access-token scheme (the library's decorators use it). */
export const BEARER_AUTH = 'bearer';

/** RFC 6749 §2.3.1 / RFC 8414 §2 `client_secret_basic`: client id and secret as HTTP Basic. */
export const CLIENT_SECRET_BASIC = 'client_secret_basic';

/** GET /metrics: the scrapers' shared secret, when METRICS_TOKEN is set (MetricsTokenGuard). */
export const METRICS_TOKEN_AUTH = 'metrics_token';

/** RFC 6750 §2.1: a Warden access token, `Authorization: Bearer <jwt>`. */
export const BEARER_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'An access token from `POST /auth/login` or `POST /oauth/token`',
};

/**
 * The OAuth endpoints' client authentication. `client_secret_post` (RFC 6749 §2.3.1, the same
 * credentials as `client_id` and `client_secret` body fields) has no OpenAPI security scheme:
 * those operations also accept no header at all, and their bodies document the two fields.
 */
export const CLIENT_SECRET_BASIC_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'basic',
  description:
    'client_secret_basic: the client id as the user name and its secret as the password ' +
    '(form-encoded first, RFC 6749 §2.3.1). Or leave this empty and send `client_id` and ' +
    '`client_secret` in the body (client_secret_post), never both',
};

export const METRICS_TOKEN_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  description: 'METRICS_TOKEN, when the operator set one (not a Warden access token)',
};
