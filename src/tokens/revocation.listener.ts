import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** The NOTIFY channel denied access token jtis are announced on, to every replica. */
export const REVOCATIONS_CHANNEL = 'warden_revocations';

const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * A dedicated connection (outside the pool) that LISTENs for revocations made by any replica
 * (on each of `channels`) and hands each notification on. A lost connection is retried quietly with backoff; after a
 * reconnect `onReconnect` lets the owner catch up on what it missed. Never throws.
 */
export class RevocationListener {
  private readonly logger = new Logger(RevocationListener.name);
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channels: readonly string[],
    private readonly onNotification: (channel: string, payload: string) => void,
    private readonly onReconnect: () => void,
  ) {}

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

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'warden-revocations-listener',
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
      if (this.channels.includes(message.channel) && message.payload) {
        this.onNotification(message.channel, message.payload);
      }
    });
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
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
      this.logger.log('Revocation listener reconnected');
      this.onReconnect();
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
        `Revocation listener lost its connection (${error?.message ?? 'closed'}); ` +
          'reconnecting, polling keeps revocations fresh meanwhile',
      );
    }
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** Math.min(this.failures, 6));
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
