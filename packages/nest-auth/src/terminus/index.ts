// @warden/nest-auth/terminus: the key source as a @nestjs/terminus health indicator. Needs
// @nestjs/terminus (and TerminusModule imported by the app); the main entry never loads it.
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { JwksHealthIndicator } from '../remote/jwks.health-indicator';

/**
 * `up` while any verification key is held (also while the JWKS endpoint is failing and the last
 * good set serves), `down` with no key at all: see JwksHealthIndicator for why.
 *
 * @example
 * ```ts
 * @Get('health')
 * @HealthCheck()
 * check() { return this.health.check([() => this.keys.isHealthy('jwks')]); }
 * ```
 */
@Injectable()
export class WardenKeysHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly jwks: JwksHealthIndicator,
  ) {}

  isHealthy<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const { status, ...details } = this.jwks.check(key)[key];
    const session = this.indicators.check(key);
    return status === 'up' ? session.up(details) : session.down(details);
  }
}
