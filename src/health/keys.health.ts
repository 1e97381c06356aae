import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KeyStoreService } from '../keys/key-store.service';

/** Ready only with an active signing key loaded: without one, no token can be issued. */
@Injectable()
export class KeysHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly keyStore: KeyStoreService,
  ) {}

  check(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    return this.keyStore.isReady()
      ? indicator.up()
      : indicator.down({ message: 'No active signing key is loaded' });
  }
}
