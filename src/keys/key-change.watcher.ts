import { PgListener } from '../database/pg-listener';
import { KEYS_CHANNEL } from './signing-keys.repository';

/**
 * Tells the key store when the key set may have changed: at once through PostgreSQL
 * LISTEN/NOTIFY, and every `pollSeconds` as a backstop for notifications missed while that
 * connection was down. The store keeps serving what it has in memory meanwhile.
 */
export class KeyChangeWatcher {
  private readonly listener: PgListener;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    connectionString: string,
    private readonly pollSeconds: number,
    private readonly onChange: () => void,
  ) {
    this.listener = new PgListener(connectionString, {
      name: 'KeyChangeListener',
      applicationName: 'warden-keys-listener',
      channels: [KEYS_CHANNEL],
      onNotification: () => onChange(),
      onReconnect: () => onChange(),
      whileDown: 'keys are served from memory',
    });
  }

  start(): void {
    this.pollTimer = setInterval(this.onChange, this.pollSeconds * 1000);
    this.pollTimer.unref();
    this.listener.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    await this.listener.stop();
  }

  /** True while the LISTEN connection is up (for tests and diagnostics). */
  get listening(): boolean {
    return this.listener.listening;
  }
}
