import type { Clock } from '@warden/nest-auth';

/** A clock that only moves when told to. For tests. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(at: Date): void {
    this.current = at.getTime();
  }
}
