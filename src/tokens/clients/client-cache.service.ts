import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { PgListener } from '../../database/pg-listener';
import { ClientCache } from './client-cache';
import type { ClientEntity } from './client.entity';

/**
 * The NOTIFY channel every change to `clients` is announced on, by the table's trigger
 * (migration NotifyClientChanges): the client's id, or `*` for all of them (TRUNCATE).
 */
export const CLIENTS_CHANNEL = 'warden_clients';
const EVERY_CLIENT = '*';

/**
 * Keeps ClientCache honest across replicas: a client changed anywhere, through the service or
 * in SQL, is forgotten here as soon as its NOTIFY arrives (CLIENTS_CHANNEL); everything is
 * forgotten every KEY_RELOAD_INTERVAL seconds, the same backstop as the key set's and the
 * revocations'; and the cache is bypassed while the LISTEN connection is down, since changes
 * may then go unheard (and everything is forgotten once it is back).
 */
@Injectable()
export class ClientCacheService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new ClientCache(() => this.listener?.listening === true);
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
      name: 'ClientChangeListener',
      applicationName: 'warden-clients-listener',
      channels: [CLIENTS_CHANNEL],
      onNotification: (_channel, clientId) =>
        clientId === EVERY_CLIENT ? this.cache.clear() : this.cache.invalidate(clientId),
      onReconnect: () => this.cache.clear(),
      whileDown: 'clients are read from the database',
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

  /** See ClientCache.lookup. */
  lookup(
    clientId: string,
    load: (clientId: string) => Promise<ClientEntity | null>,
  ): Promise<ClientEntity | null> {
    return this.cache.lookup(clientId, load);
  }

  /** This replica changed the client: forgotten at once (the others hear the NOTIFY). */
  invalidate(clientId: string): void {
    this.cache.invalidate(clientId);
  }

  /** True while changes made on other replicas are heard at once (for tests and diagnostics). */
  get listening(): boolean {
    return this.listener?.listening === true;
  }
}
