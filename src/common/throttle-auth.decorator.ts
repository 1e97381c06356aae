import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorResponseDto } from './error-response.dto';

/**
 * Per-IP rate limit of every route that takes a credential without a bearer token
 * (`/auth/register`, `/auth/login`, `/auth/refresh`, `/oauth/token`, `/oauth/introspect`,
 * `/oauth/revoke`): THROTTLE_LIMIT requests per THROTTLE_TTL seconds per route, then 429 with
 * Retry-After. The limits are the ThrottlerModule's, set once in AppModule, and counted once
 * for all replicas (ThrottleStorageModule: PostgreSQL, or Redis with REDIS_URL).
 *
 * @example
 * ```ts
 * @ThrottleAuth()
 * @Post('login')
 * login(@Body() body: LoginDto) { ... }
 * ```
 */
export const ThrottleAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({
      description: 'Too many requests from this address; see Retry-After (seconds)',
      type: ErrorResponseDto,
      headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
    }),
  );
