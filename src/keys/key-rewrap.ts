import type { DataSource } from 'typeorm';
import { rewrapTotpSecrets } from '../mfa/totp-secret.rewrap';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption';
import { KEY_ROTATION_LOCK } from './key-rotation.service';
import type { SigningKeysRepository } from './signing-keys.repository';

/** How many rows a rewrap moved to the new key encryption key. */
export interface RewrapResult {
  signingKeys: number;
  totpSecrets: number;
}

/**
 * Re-encrypts every stored key (retired and revoked ones too), then every TOTP secret, from one
 * key encryption key to another, in one transaction under the rotation lock: either every row
 * moves to the new key or none does. A row that does not decrypt under `currentKey` aborts the
 * whole run.
 */
export async function rewrapKeys(
  dataSource: DataSource,
  repository: SigningKeysRepository,
  currentKey: Buffer,
  newKey: Buffer,
): Promise<RewrapResult> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_ROTATION_LOCK]);
    const rows = await repository.loadAllSealed(manager);
    for (const { kid, privateKeyEnc } of rows) {
      const plaintext = decryptPrivateKey(privateKeyEnc, currentKey, kid);
      const sealed = encryptPrivateKey(plaintext, newKey, kid);
      plaintext.fill(0);
      await repository.replaceSealed(manager, kid, sealed);
    }
    const totpSecrets = await rewrapTotpSecrets(manager, currentKey, newKey);
    return { signingKeys: rows.length, totpSecrets };
  });
}
