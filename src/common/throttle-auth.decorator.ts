import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorResponseDto } from './error-response.dto';

/**
 * Per-IP rate limit of the credential routes (`/auth/register`, `/auth/login`, `/oauth/token`):
 * THROTTLE_LIMIT requests per THROTTLE_TTL seconds, then 429 with Retry-After. The limits are
 * the ThrottlerModule's, set once in AppModule.
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
