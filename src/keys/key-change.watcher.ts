import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { KEYS_CHANNEL } from './signing-keys.repository';

const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * Tells the key store when the key set may have changed: at once through PostgreSQL
 * LISTEN/NOTIFY (a dedicated connection, outside the pool), and every `pollSeconds` as a
 * backstop for notifications missed while that connection was down. A lost connection is
 * retried quietly with backoff; the store keeps serving what it has in memory meanwhile.
 */
export class KeyChangeWatcher {
  private readonly logger = new Logger(KeyChangeWatcher.name);
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly pollSeconds: number,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.pollTimer = setInterval(this.onChange, this.pollSeconds * 1000);
    this.pollTimer.unref();
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
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
      application_name: 'warden-keys-listener',
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
      if (message.channel === KEYS_CHANNEL) this.onChange();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${KEYS_CHANNEL}`);
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
      this.logger.log('Key change listener reconnected');
      this.onChange(); // catch up on anything missed while disconnected
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
        `Key change listener lost its connection (${error?.message ?? 'closed'}); ` +
          'reconnecting, keys are served from memory meanwhile',
      );
    }
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** Math.min(this.failures, 6));
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
