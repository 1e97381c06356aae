import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import { DatabaseClock } from './database-clock';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption';
import { KEY_ENCRYPTION_KEY } from './key-encryption-key.provider';
import { generateKeyMaterial } from './key-material';
import { KeyNotRevocableError, SigningKeyNotFoundError } from './keys.errors';
import { KeyStoreService } from './key-store.service';
import { KeyMetadata } from './signing-key';
import { SigningKeysRepository } from './signing-keys.repository';

/** Every lifecycle change takes this transaction-scoped advisory lock ("WKEY"). */
export const KEY_ROTATION_LOCK = 0x574b_4559;

export interface RotationRequest {
  /** Why: 'scheduled', 'manual', 'cli', ... (goes to the audit row and the log). */
  reason: string;
  /** Who: a user id, 'system' or 'cli'. */
  actor: string;
  /** Scheduled checks: rotate only when the active key is older than KEY_ROTATION_INTERVAL. */
  onlyIfDue?: boolean;
  /**
   * Rotate only if this kid is still the active one, so N callers racing to rotate the same
   * key make exactly one rotation. Unset: whatever is active when the lock is acquired.
   */
  expectedActiveKid?: string;
}

export interface RotationResult {
  rotated: boolean;
  activeKid: string;
  nextKid: string;
  /** The key rotated out, published until `retireAt`. */
  retiringKid?: string;
  retireAt?: Date;
  /** Retiring keys that reached their retire_at in this run. */
  retiredKids: string[];
}

/**
 * Every change to the key set: first keys, rotation (scheduled, HTTP and CLI all call
 * `rotate`), revocation and retirement. Each runs in one transaction under a PostgreSQL
 * advisory lock and ends with a NOTIFY, so replicas reload as soon as it commits.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger(KeyRotationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SigningKeysRepository,
    private readonly clock: DatabaseClock,
    @Inject(KEY_ENCRYPTION_KEY) private readonly encryptionKey: Buffer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    // Absent in the CLI, which has no metrics.
    @Optional() private readonly metrics?: MetricsService,
    // This replica's key store; absent in the CLI, which serves nothing.
    @Optional() private readonly localStore?: KeyStoreService,
  ) {}

  /**
   * docs/architecture.md §4: the first start creates an `active` and a `next` key;
   * later starts, nothing.
   */
  async ensureInitialKeys(): Promise<string[]> {
    return this.locked(async (manager, now) => {
      const created = await this.fillGaps(manager, now);
      if (created.length > 0) {
        await this.repository.notifyChanged(manager);
        this.logger.log(
          `Created signing key(s) ${created.join(', ')} (${this.config.keys.signingAlg})`,
        );
      }
      return created;
    });
  }

  async rotate(request: RotationRequest): Promise<RotationResult> {
    const result = await this.locked(async (manager, now) => {
      const retiredKids = await this.repository.retireExpired(manager, now);
      await this.fillGaps(manager, now);
      const keys = await this.repository.loadUsable(manager);
      const active = keys.find((key) => key.status === 'active')!;
      const next = keys.find((key) => key.status === 'next')!;
      const unchanged = { rotated: false, activeKid: active.kid, nextKid: next.kid, retiredKids };
      if (request.expectedActiveKid && request.expectedActiveKid !== active.kid) {
        return this.finish(manager, unchanged);
      }
      if (request.onlyIfDue && !this.isDue(active, now)) return this.finish(manager, unchanged);

      const retireAt = new Date(now.getTime() + this.config.keys.gracePeriod * 1000);
      // Order matters for the unique partial indexes: vacate `active` before filling it.
      await this.repository.setStatus(manager, active.kid, 'retiring', { retireAt });
      await this.repository.setStatus(manager, next.kid, 'active', { activatedAt: now });
      const newNextKid = await this.createKey(manager, 'next', now);
      const result: RotationResult = {
        rotated: true,
        activeKid: next.kid,
        nextKid: newNextKid,
        retiringKid: active.kid,
        retireAt,
        retiredKids,
      };
      await this.audit.record(
        {
          type: 'key.rotated',
          actor: request.actor,
          subject: next.kid,
          at: now,
          details: {
            reason: request.reason,
            previousKid: active.kid,
            nextKid: newNextKid,
            retireAt: retireAt.toISOString(),
            retiredKids,
          },
        },
        manager,
      );
      this.logger.log(
        `Rotated signing keys (${request.reason}, by ${request.actor}): active ${next.kid}, ` +
          `next ${newNextKid}, ${active.kid} retiring until ${retireAt.toISOString()}`,
      );
      this.metrics?.rotations.inc();
      return this.finish(manager, result);
    });
    if (result.rotated || result.retiredKids.length > 0) await this.reloadLocalStore();
    return result;
  }

  /**
   * The emergency exit: the key leaves the JWKS and stops verifying at once. Revoking the
   * active key promotes `next` (already published) so signing never stops.
   */
  async revoke(kid: string, by: { actor: string; reason?: string }): Promise<KeyMetadata> {
    const revoked = await this.locked(async (manager, now) => {
      const key = await this.repository.findMetadata(manager, kid);
      if (!key) throw new SigningKeyNotFoundError(kid);
      if (key.status === 'retired' || key.status === 'revoked') {
        throw new KeyNotRevocableError(kid, key.status);
      }
      await this.repository.setStatus(manager, kid, 'revoked');
      const replaced = await this.fillGaps(manager, now);
      await this.audit.record(
        {
          type: 'key.revoked',
          actor: by.actor,
          subject: kid,
          at: now,
          details: {
            reason: by.reason ?? 'manual',
            previousStatus: key.status,
            createdKids: replaced,
          },
        },
        manager,
      );
      await this.repository.notifyChanged(manager);
      this.logger.warn(`Revoked signing key ${kid} (was ${key.status}, by ${by.actor})`);
      return { ...key, status: 'revoked' as const };
    });
    await this.reloadLocalStore();
    return revoked;
  }

  /**
   * Read-your-writes for the replica that made the change. Every replica's store, this one's
   * included, reloads on the NOTIFY the transaction sent, but asynchronously: on the watcher's
   * own connection, some time after the commit. The caller (POST /keys/rotate, the scheduled job)
   * must see the new keys as soon as the call returns, so this replica reloads now, after the
   * commit; the NOTIFY that follows then finds nothing new. Other replicas rely on NOTIFY alone.
   */
  private async reloadLocalStore(): Promise<void> {
    await this.localStore?.reload();
  }

  private isDue(active: KeyMetadata, now: Date): boolean {
    const activatedAt = (active.activatedAt ?? active.createdAt).getTime();
    return now.getTime() - activatedAt >= this.config.keys.rotationInterval * 1000;
  }

  /** Makes sure there is one `active` (promoting `next` if there is one) and one `next`. */
  private async fillGaps(manager: EntityManager, now: Date): Promise<string[]> {
    const keys = await this.repository.loadUsable(manager);
    // A process holding the wrong KEY_ENCRYPTION_KEY must not add keys that no other replica
    // can decrypt: prove the key against one that is already stored first.
    if (keys.length > 0) {
      decryptPrivateKey(keys[0].privateKeyEnc, this.encryptionKey, keys[0].kid).fill(0);
    }
    const created: string[] = [];
    let next = keys.find((key) => key.status === 'next');
    if (!keys.some((key) => key.status === 'active')) {
      if (next) {
        await this.repository.setStatus(manager, next.kid, 'active', { activatedAt: now });
        next = undefined;
      } else {
        created.push(await this.createKey(manager, 'active', now));
      }
    }
    if (!next) created.push(await this.createKey(manager, 'next', now));
    return created;
  }

  private async createKey(
    manager: EntityManager,
    status: 'next' | 'active',
    now: Date,
  ): Promise<string> {
    const material = await generateKeyMaterial(this.config.keys.signingAlg);
    const sealed = encryptPrivateKey(material.privateBytes, this.encryptionKey, material.kid);
    material.privateBytes.fill(0);
    await this.repository.insert(manager, material, sealed, status, now);
    return material.kid;
  }

  private async finish(manager: EntityManager, result: RotationResult): Promise<RotationResult> {
    if (result.rotated || result.retiredKids.length > 0) {
      await this.repository.notifyChanged(manager);
    }
    if (result.retiredKids.length > 0) {
      this.logger.log(`Retired signing key(s) ${result.retiredKids.join(', ')}`);
    }
    return result;
  }

  private locked<T>(work: (manager: EntityManager, now: Date) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_ROTATION_LOCK]);
      return work(manager, await this.clock.now(manager));
    });
  }
}
