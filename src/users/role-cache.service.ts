import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { PgListener } from '../database/pg-listener';
import { RoleCache } from './role-cache';
import type { RoleEntity } from './role.entity';

/**
 * The NOTIFY channel every change to `roles` is announced on, by the table's statement trigger
 * (migration NotifyRoleChanges); the payload does not matter: any change forgets every role.
 */
export const ROLES_CHANNEL = 'warden_roles';

/**
 * Keeps RoleCache honest across replicas, as ClientCacheService does for clients: a role changed
 * anywhere, through the service or in SQL, is forgotten here as soon as its NOTIFY arrives;
 * everything is forgotten every KEY_RELOAD_INTERVAL seconds; and the cache is bypassed while the
 * LISTEN connection is down (and emptied once it is back).
 */
@Injectable()
export class RoleCacheService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new RoleCache(() => this.listener?.listening === true);
  private listener: PgListener | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { url } = this.dataSource.options as { url?: string };
    // Without a connection to listen on, the cache is never trusted: every lookup is a query.
    if (!url) return;
    this.listener = new PgListener(url, {
      name: 'RoleChangeListener',
      applicationName: 'warden-roles-listener',
      channels: [ROLES_CHANNEL],
      onNotification: () => this.cache.clear(),
      onReconnect: () => this.cache.clear(),
      whileDown: 'roles are read from the database',
    });
    this.listener.start();
    this.refreshTimer = setInterval(
      () => this.cache.clear(),
      this.config.keys.reloadInterval * 1000,
    );
    this.refreshTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.listener?.stop();
    this.cache.clear();
  }

  /** See RoleCache.rolesNamed. */
  rolesNamed(
    names: readonly string[],
    loadNamed: (names: readonly string[]) => Promise<RoleEntity[]>,
    loadAll: (limit: number) => Promise<RoleEntity[]>,
  ): Promise<RoleEntity[]> {
    return this.cache.rolesNamed(names, loadNamed, loadAll);
  }

  /** This replica changed a role: forgotten at once (the others hear the NOTIFY). */
  invalidate(): void {
    this.cache.clear();
  }

  /** True while changes made on other replicas are heard at once (for tests and diagnostics). */
  get listening(): boolean {
    return this.listener?.listening === true;
  }

  /** Whether the table is held in memory (for tests and diagnostics). */
  get held(): boolean {
    return this.cache.held;
  }
}
