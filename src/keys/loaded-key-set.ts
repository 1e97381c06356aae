import type { KeyObject } from 'node:crypto';
import type { ResolvedKey } from '@warden/nest-auth';
import { decryptPrivateKey } from './key-encryption';
import { keyObjectsFrom, publicMembers } from './key-material';
import {
  isSymmetric,
  PublicJwk,
  SigningAlgorithm,
  SigningKey,
  UsableKeyStatus,
} from './signing-key';
import type { StoredKey } from './signing-keys.repository';

export interface LoadedKey {
  kid: string;
  alg: SigningAlgorithm;
  status: UsableKeyStatus;
  /** Epoch ms after which a `retiring` key no longer verifies, even before it is swept. */
  retireAtMs: number | undefined;
  privateKey: KeyObject;
  verificationKey: KeyObject;
  /** Undefined for HS keys: a shared secret is never published. */
  publicJwk: PublicJwk | undefined;
}

export type VerificationKey = ResolvedKey & { status: UsableKeyStatus };

/**
 * An immutable snapshot of the usable keys, with everything parsed and decrypted once. A new
 * snapshot reuses the key objects of kids it already knows (key material never changes for a
 * kid), so a reload decrypts only keys it has not seen.
 */
export class LoadedKeySet {
  static readonly EMPTY = new LoadedKeySet(new Map());

  private readonly active: SigningKey | undefined;

  private constructor(readonly keys: ReadonlyMap<string, LoadedKey>) {
    const active = [...keys.values()].find((key) => key.status === 'active');
    this.active = active && { kid: active.kid, alg: active.alg, privateKey: active.privateKey };
  }

  /** Throws KeyDecryptionError when a key does not decrypt under `encryptionKey`. */
  static build(
    rows: readonly StoredKey[],
    encryptionKey: Buffer,
    previous: LoadedKeySet,
  ): LoadedKeySet {
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      const status = row.status as UsableKeyStatus;
      const retireAtMs = status === 'retiring' ? row.retireAt?.getTime() : undefined;
      const known = previous.keys.get(row.kid);
      if (known) {
        keys.set(row.kid, { ...known, status, retireAtMs });
        continue;
      }
      const privateBytes = decryptPrivateKey(row.privateKeyEnc, encryptionKey, row.kid);
      const objects = keyObjectsFrom(row.alg, privateBytes, row.publicJwk);
      privateBytes.fill(0);
      keys.set(row.kid, {
        kid: row.kid,
        alg: row.alg,
        status,
        retireAtMs,
        ...objects,
        publicJwk: isSymmetric(row.alg)
          ? undefined
          : { ...publicMembers(row.publicJwk), kid: row.kid, alg: row.alg, use: 'sig' },
      });
    }
    return new LoadedKeySet(keys);
  }

  get signingKey(): SigningKey | undefined {
    return this.active;
  }

  verificationKey(kid: string, nowMs: () => number): VerificationKey | undefined {
    const key = this.keys.get(kid);
    if (!key) return undefined;
    if (key.retireAtMs !== undefined && key.retireAtMs <= nowMs()) return undefined;
    return { kid: key.kid, alg: key.alg, key: key.verificationKey, status: key.status };
  }

  /** Published keys at `nowMs`: next, active and unexpired retiring, never HS secrets. */
  publicJwks(nowMs: number): PublicJwk[] {
    const order: Record<UsableKeyStatus, number> = { active: 0, next: 1, retiring: 2 };
    return [...this.keys.values()]
      .filter((key) => key.retireAtMs === undefined || key.retireAtMs > nowMs)
      .sort((a, b) => order[a.status] - order[b.status] || a.kid.localeCompare(b.kid))
      .flatMap((key) => (key.publicJwk ? [key.publicJwk] : []));
  }

  /** A fingerprint of what matters to readers: kids, statuses and retire times. */
  get fingerprint(): string {
    return [...this.keys.values()]
      .map((key) => `${key.kid}:${key.status}:${key.retireAtMs ?? ''}`)
      .sort()
      .join(',');
  }
}
