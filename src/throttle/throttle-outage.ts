/** The two lines an outage of the throttle's store writes. */
export interface OutageLogger {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * Remembers whether the throttle's store is failing, so a long outage logs one warning when it
 * starts and one line when it ends, not one per request.
 */
export class ThrottleOutage {
  private failing = false;

  constructor(
    private readonly logger: OutageLogger,
    private readonly store: string,
  ) {}

  failedOpen(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `${this.store} is unreachable (${reason}): the per-IP throttle lets requests through ` +
        'uncounted until it is back',
    );
  }

  succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log(`${this.store} is back: the per-IP throttle counts again`);
  }
}
