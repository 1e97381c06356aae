import { FakeClock } from '../../src/common/fake-clock';

/**
 * The real time, moved forward when a test says so. For the JWKS resilience checks, where the
 * resolver's cooldown, its retries and the request wait bound all run on real timers: a frozen
 * clock would never let a cooldown pass.
 */
export class WallClock extends FakeClock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  override advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  override set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}
