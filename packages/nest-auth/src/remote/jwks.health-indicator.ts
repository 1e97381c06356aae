import { Inject, Injectable } from '@nestjs/common';
import { KEY_RESOLVER, type KeyResolver } from '../key-resolver';
import type { JwksStatus } from './jwks-status';
import { RemoteJwksKeyResolver } from './remote-jwks.key-resolver';

/** The shape `@nestjs/terminus` expects from an indicator: `{ [key]: { status, ...details } }`. */
export type JwksHealthResult = Record<
  string,
  { status: 'up' | 'down'; mode: 'jwks' | 'local' } & Partial<JwksStatus>
>;

/**
 * Health of the key source for readiness probes. With a remote JWKS it is `up` while any key is
 * loaded, including while the endpoint is failing and the last good set serves (then
 * `lastFetchOk: false` and `consecutiveFailures` say so): taking every consumer out of service
 * because the issuer is briefly down would turn one outage into many. `down` means no key at all.
 *
 * @example
 * ```ts
 * @Get('health')
 * health() { return this.health.check(); }
 * // with @nestjs/terminus: this.health.check([() => this.jwks.check('jwks')])
 * ```
 */
@Injectable()
export class JwksHealthIndicator {
  constructor(@Inject(KEY_RESOLVER) private readonly resolver: KeyResolver) {}

  /** The JWKS status, or undefined when keys do not come from a remote JWKS. */
  status(): JwksStatus | undefined {
    return this.resolver instanceof RemoteJwksKeyResolver ? this.resolver.status() : undefined;
  }

  check(key = 'jwks'): JwksHealthResult {
    const status = this.status();
    if (status === undefined) return { [key]: { status: 'up', mode: 'local' } };
    return { [key]: { status: status.keyCount > 0 ? 'up' : 'down', mode: 'jwks', ...status } };
  }
}
