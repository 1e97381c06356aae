import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { KeyChangeWatcher } from './key-change.watcher';
import { KEY_ENCRYPTION_KEY } from './key-encryption-key.provider';
import { NoActiveKeyError } from './keys.errors';
import { LoadedKeySet, VerificationKey } from './loaded-key-set';
import { PublicJwk, SigningKey } from './signing-key';
import { SigningKeysRepository } from './signing-keys.repository';

export interface Jwks {
  keys: PublicJwk[];
}

/**
 * The in-memory key set every other module reads, synchronously: the active signing key, the
 * verification keys by kid and the JWKS, all parsed and decrypted once per key. It reloads when
 * the database says the set changed (KeyChangeWatcher), so a rotation made by any replica or
 * by the CLI reaches this one within seconds. The read side only: it never writes a key, and
 * KeySetBootstrap starts it once the first keys exist.
 */
@Injectable()
export class KeyStoreService implements OnModuleDestroy {
  private readonly logger = new Logger(KeyStoreService.name);
  private keySet = LoadedKeySet.EMPTY;
  private watcher: KeyChangeWatcher | undefined;
  private queuedReload: Promise<void> | undefined;
  private lastReload: Promise<void> = Promise.resolve();
  private reloadFailing = false;
  private jwks: { id: string; value: Jwks } = { id: '', value: { keys: [] } };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SigningKeysRepository,
    @Inject(KEY_ENCRYPTION_KEY) private readonly encryptionKey: Buffer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Start-up: a strict first load (a key this replica cannot decrypt stops start-up), then watch. */
  async start(): Promise<void> {
    await this.load();
    const { url } = this.dataSource.options as { url?: string };
    if (!url) throw new Error('The key store needs a database URL to listen for key changes');
    this.watcher = new KeyChangeWatcher(url, this.config.keys.reloadInterval, () => {
      void this.reload();
    });
    this.watcher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.watcher?.stop();
  }

  /** The one active key. Throws NoActiveKeyError (503) when none is loaded. */
  getSigningKey(): SigningKey {
    const key = this.keySet.signingKey;
    if (!key) throw new NoActiveKeyError();
    return key;
  }

  /** A `next`, `active` or unexpired `retiring` key; undefined for anything else. */
  getVerificationKey(kid: string): VerificationKey | undefined {
    return this.keySet.verificationKey(kid, () => this.clock.now().getTime());
  }

  /** Public members only; the same object until the published set changes. */
  getJwks(): Jwks {
    const keys = this.keySet.publicJwks(this.clock.now().getTime());
    const id = keys.map((key) => key.kid).join(',');
    if (id !== this.jwks.id) this.jwks = { id, value: { keys } };
    return this.jwks.value;
  }

  isReady(): boolean {
    return this.keySet.signingKey !== undefined;
  }

  /**
   * Re-reads the key set. Concurrent calls share one pending reload; failures (the database is
   * down, a key this replica cannot decrypt) are logged and the current keys stay in use.
   */
  reload(): Promise<void> {
    if (this.queuedReload) return this.queuedReload;
    const reload = this.lastReload.then(async () => {
      this.queuedReload = undefined;
      await this.load().then(
        () => this.recovered(),
        (error: unknown) => this.failed(error),
      );
    });
    this.queuedReload = reload;
    this.lastReload = reload;
    return reload;
  }

  private async load(): Promise<void> {
    const rows = await this.repository.loadUsable();
    this.apply(LoadedKeySet.build(rows, this.encryptionKey, this.keySet));
  }

  private apply(next: LoadedKeySet): void {
    const previous = this.keySet;
    this.keySet = next;
    if (previous.fingerprint === next.fingerprint) return;
    const removedKids = [...previous.keys.keys()].filter((kid) => !next.keys.has(kid));
    this.logger.log(
      `Signing keys loaded: active ${next.signingKey?.kid ?? 'none'}, ${next.keys.size} usable` +
        (removedKids.length > 0 ? `, removed ${removedKids.join(', ')}` : ''),
    );
  }

  private recovered(): void {
    if (!this.reloadFailing) return;
    this.reloadFailing = false;
    this.logger.log('Signing keys reload recovered');
  }

  private failed(error: unknown): void {
    if (this.reloadFailing) return;
    this.reloadFailing = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Could not reload signing keys (${reason}); serving the keys in memory`);
  }
}
