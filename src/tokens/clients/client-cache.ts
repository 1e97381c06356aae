import type { ClientEntity } from './client.entity';

/**
 * The clients that authenticated lately, with their secret digests, in memory: a grant then
 * authenticates its client without a query. Only clients that exist are kept (an unknown id is
 * looked up every time, so a client created on any replica works at once), and only while
 * `trusted()` holds: the owner makes that "my LISTEN connection is up", since a change made on
 * another replica reaches this one only through it. Otherwise every lookup reads the database,
 * as it did before there was a cache, and an outage answers 503.
 *
 * Every invalidation bumps an epoch; a load that started before one is not kept, so a read of
 * the row as it was before a change can never land in the cache after that change was heard.
 */
export class ClientCache {
  private readonly entries = new Map<string, ClientEntity>();
  private epoch = 0;

  constructor(private readonly trusted: () => boolean) {}

  /**
   * The client with its `secretHash`, or null when there is none: from memory when trusted,
   * else by `load` (whose errors, a 503 in an outage, propagate and are never cached).
   */
  async lookup(
    clientId: string,
    load: (clientId: string) => Promise<ClientEntity | null>,
  ): Promise<ClientEntity | null> {
    if (!this.trusted()) {
      // Whatever is kept may have missed a change; forget it rather than serve it later.
      this.clear();
      return load(clientId);
    }
    const cached = this.entries.get(clientId);
    if (cached !== undefined) return cached;
    const epoch = this.epoch;
    const entity = await load(clientId);
    if (entity !== null && epoch === this.epoch && this.trusted()) {
      this.entries.set(clientId, entity);
    }
    return entity;
  }

  /** This client changed or is gone: its next lookup reads the database. */
  invalidate(clientId: string): void {
    this.epoch += 1;
    this.entries.delete(clientId);
  }

  /** Any client may have changed (the periodic backstop, a reconnect): forget them all. */
  clear(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  /** How many clients are kept (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}
