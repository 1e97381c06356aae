import type { RoleEntity } from './role.entity';

/** A roles table larger than this is not held in memory: every lookup reads the database. */
export const MAX_CACHED_ROLES = 10_000;

/**
 * The whole `roles` table in memory, so that a login, a refresh or `/auth/me` resolves a user's
 * permissions without a query. The table is small (an installation's handful of roles) and any
 * change to it forgets the whole copy; the next lookup reads it again. It is used only while
 * `trusted()` holds: the owner makes that "my LISTEN connection is up", since a change made on
 * another replica reaches this one only through it. Otherwise every lookup reads the database,
 * as before there was a cache, and an outage answers 503.
 *
 * Every invalidation bumps an epoch; a load that started before one is not kept, so a read of
 * the table as it was before a change can never land in the cache after that change was heard.
 */
export class RoleCache {
  private roles: ReadonlyMap<string, RoleEntity> | undefined;
  private epoch = 0;

  constructor(private readonly trusted: () => boolean) {}

  /**
   * The roles among `names` that exist: from memory when trusted (the table loaded by
   * `loadAll` when no copy is held), else by `loadNamed`. Load errors propagate, never cached.
   */
  async rolesNamed(
    names: readonly string[],
    loadNamed: (names: readonly string[]) => Promise<RoleEntity[]>,
    loadAll: (limit: number) => Promise<RoleEntity[]>,
  ): Promise<RoleEntity[]> {
    if (!this.trusted()) {
      // What is kept may have missed a change; forget it rather than serve it later.
      this.clear();
      return loadNamed(names);
    }
    let roles = this.roles;
    if (roles === undefined) {
      const epoch = this.epoch;
      const rows = await loadAll(MAX_CACHED_ROLES + 1);
      if (rows.length > MAX_CACHED_ROLES) return loadNamed(names);
      roles = new Map(rows.map((row) => [row.name, row]));
      if (epoch === this.epoch && this.trusted()) this.roles = roles;
    }
    const found: RoleEntity[] = [];
    for (const name of names) {
      const role = roles.get(name);
      if (role !== undefined) found.push(role);
    }
    return found;
  }

  /** A role may have changed (a NOTIFY, this replica's own write, a reconnect): forget all. */
  clear(): void {
    this.epoch += 1;
    this.roles = undefined;
  }

  /** Whether a copy of the table is held (for tests and diagnostics). */
  get held(): boolean {
    return this.roles !== undefined;
  }
}
