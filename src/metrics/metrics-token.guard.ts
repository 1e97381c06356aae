import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config';

/** RFC 6750 §3: the challenge names a realm of its own, not the access tokens' "warden". */
const METRICS_REALM = 'warden-metrics';

/** RFC 7235 §2.1: the scheme is case-insensitive; RFC 6750 §2.1: one token after one space. */
const BEARER = /^Bearer +(\S+)$/i;

interface MetricsRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** Fastify's reply and Express's response both have `header(name, value)`. */
interface ReplyLike {
  header(name: string, value: string): unknown;
}

/**
 * `METRICS_TOKEN` set: GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`, compared in
 * constant time. Unset, the operator has chosen an open /metrics (docs/architecture.md §7).
 * This is the scraper's shared secret, not a Warden access token: the route stays `@Public()`
 * for the access-token guard.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const token = config.operations.metricsToken;
    this.expected = token === undefined ? undefined : digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) return true;
    const http = context.switchToHttp();
    const header = http.getRequest<MetricsRequest>().headers.authorization;
    const presented = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    // Digests of equal length: the comparison takes the same time whatever was sent.
    if (presented !== undefined && timingSafeEqual(digest(presented), this.expected)) return true;

    // RFC 6750 §3.1: no error code when the request had no credentials at all.
    const missing = header === undefined;
    http
      .getResponse<ReplyLike>()
      .header(
        'WWW-Authenticate',
        missing
          ? `Bearer realm="${METRICS_REALM}"`
          : `Bearer realm="${METRICS_REALM}", error="invalid_token"`,
      );
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      code: missing ? 'ERR_METRICS_TOKEN_MISSING' : 'ERR_METRICS_TOKEN_INVALID',
      message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
    });
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
