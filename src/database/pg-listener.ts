import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const MAX_RECONNECT_DELAY_MS = 30_000;

export interface PgListenerOptions {
  /** Names the log lines. */
  name: string;
  /** The connection's application_name, as pg_stat_activity shows it. */
  applicationName: string;
  channels: readonly string[];
  onNotification: (channel: string, payload: string) => void;
  /** Called after a reconnect, so the owner can catch up on what it missed meanwhile. */
  onReconnect: () => void;
  /** What keeps the owner correct while the connection is down, for the warning line. */
  whileDown: string;
}

/**
 * PostgreSQL LISTEN on a dedicated connection, outside the pool: notifications from any replica
 * arrive at once. A lost connection is retried quietly with backoff (one warning per outage, one
 * line on recovery). Never throws, and never crashes the process on a dropped socket.
 */
export class PgListener {
  private readonly logger: Logger;
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly options: PgListenerOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** True while the LISTEN connection is up (for tests and diagnostics). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.connectionString,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      this.connectionLost(client, error);
    };
    // Without an 'error' listener a dropped connection would crash the process.
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (this.options.channels.includes(message.channel)) {
        this.options.onNotification(message.channel, message.payload ?? '');
      }
    });
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.failures > 0) {
      this.logger.log(`${this.options.name} reconnected`);
      this.options.onReconnect();
    }
    this.failures = 0;
  }

  private connectionLost(client: Client, error: Error | undefined): void {
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.failures += 1;
    if (this.failures === 1) {
      this.logger.warn(
        `${this.options.name} lost its connection (${error?.message ?? 'closed'}); ` +
          `reconnecting, ${this.options.whileDown} meanwhile`,
      );
    }
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** Math.min(this.failures, 6));
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
