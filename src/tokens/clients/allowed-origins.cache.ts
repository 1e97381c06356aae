import { Logger } from '@nestjs/common';

/** How often each replica re-reads the origins, for changes made on another one. */
export const ALLOWED_ORIGINS_REFRESH_MS = 30_000;

/**
 * The `allowed_origins` of every active client, in memory, so the CORS hook answers without a
 * query. Reloaded by its owner after each change on this replica, and every interval for the
 * changes of other replicas (so another replica's change shows here within that interval). A
 * failed load keeps the last set (one warning per outage), like the key store during an outage.
 */
export class AllowedOriginsCache {
  private readonly logger = new Logger(AllowedOriginsCache.name);
  private origins: ReadonlySet<string> = new Set();
  /** Loads started, and the newest one applied: an older load finishing later is dropped. */
  private started = 0;
  private applied = 0;
  private failing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly load: () => Promise<readonly string[]>) {}

  /** True when some active client lists this origin, exactly as the `Origin` header sends it. */
  has(origin: string): boolean {
    return this.origins.has(origin);
  }

  /** Loads the set again; never throws. Resolves once this load (or a newer one) is applied. */
  async refresh(): Promise<void> {
    const load = ++this.started;
    try {
      const origins = await this.load();
      if (load < this.applied) return;
      this.applied = load;
      this.origins = new Set(origins);
      if (this.failing) this.logger.log('Allowed origins loaded again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Cannot load the allowed origins (${reason}); keeping the last ones`);
      }
      this.failing = true;
    }
  }

  /** Loads now, then every `intervalMs` until stop(). */
  async start(intervalMs = ALLOWED_ORIGINS_REFRESH_MS): Promise<void> {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
    await this.refresh();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
