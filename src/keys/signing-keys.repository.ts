import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { KeyMaterial } from './key-material';
import { KeyMetadata, KeyStatus, USABLE_STATUSES } from './signing-key';
import { SigningKeyEntity } from './signing-key.entity';

/** A usable key as loaded by the key store: metadata, public JWK and the sealed private key. */
export interface StoredKey extends KeyMetadata {
  publicJwk: Record<string, unknown>;
  privateKeyEnc: Buffer;
}

/** The NOTIFY channel every replica's key store listens on. */
export const KEYS_CHANNEL = 'warden_keys';

/** SQL over `signing_keys`; methods taking a manager run inside the caller's transaction. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listMetadata(): Promise<KeyMetadata[]> {
    const rows = await this.dataSource.manager.find(SigningKeyEntity, {
      order: { createdAt: 'DESC', kid: 'ASC' },
    });
    return rows.map(toMetadata);
  }

  /** The keys that sign or verify, with their sealed private keys. */
  async loadUsable(manager: EntityManager = this.dataSource.manager): Promise<StoredKey[]> {
    const rows = await manager
      .createQueryBuilder(SigningKeyEntity, 'key')
      .addSelect('key.privateKeyEnc')
      .where({ status: In([...USABLE_STATUSES]) })
      .getMany();
    return rows.map((row) => ({
      ...toMetadata(row),
      publicJwk: row.publicJwk,
      privateKeyEnc: row.privateKeyEnc,
    }));
  }

  async findMetadata(manager: EntityManager, kid: string): Promise<KeyMetadata | undefined> {
    const row = await manager.findOne(SigningKeyEntity, { where: { kid } });
    return row ? toMetadata(row) : undefined;
  }

  async insert(
    manager: EntityManager,
    material: KeyMaterial,
    sealed: Buffer,
    status: 'next' | 'active',
    now: Date,
  ): Promise<void> {
    await manager.insert(SigningKeyEntity, {
      kid: material.kid,
      alg: material.alg,
      publicJwk: { ...material.storedJwk },
      privateKeyEnc: sealed,
      status,
      createdAt: now,
      activatedAt: status === 'active' ? now : null,
      retireAt: null,
    });
  }

  async setStatus(
    manager: EntityManager,
    kid: string,
    status: KeyStatus,
    changes: { activatedAt?: Date; retireAt?: Date } = {},
  ): Promise<void> {
    await manager.update(SigningKeyEntity, { kid }, { status, ...changes });
  }

  /** `retiring` keys past their `retire_at` become `retired`; returns their kids. */
  async retireExpired(manager: EntityManager, now: Date): Promise<string[]> {
    const [rows] = await manager.query<[{ kid: string }[], number]>(
      `UPDATE signing_keys SET status = 'retired'
        WHERE status = 'retiring' AND retire_at <= $1 RETURNING kid`,
      [now],
    );
    return rows.map((row) => row.kid);
  }

  /** Delivered to every listening replica when (and only if) the transaction commits. */
  async notifyChanged(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [KEYS_CHANNEL, 'changed']);
  }

  /** Every row with its sealed key, for re-encryption under a new key encryption key. */
  async loadAllSealed(manager: EntityManager): Promise<{ kid: string; privateKeyEnc: Buffer }[]> {
    return manager
      .createQueryBuilder(SigningKeyEntity, 'key')
      .select(['key.kid'])
      .addSelect('key.privateKeyEnc')
      .setLock('pessimistic_write')
      .getMany();
  }

  async replaceSealed(manager: EntityManager, kid: string, sealed: Buffer): Promise<void> {
    await manager.update(SigningKeyEntity, { kid }, { privateKeyEnc: sealed });
  }
}

function toMetadata(row: SigningKeyEntity): KeyMetadata {
  return {
    kid: row.kid,
    alg: row.alg,
    status: row.status,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    retireAt: row.retireAt,
  };
}
