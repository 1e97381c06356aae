import type { EntityManager } from 'typeorm';
import { KeyDecryptionError } from '../keys/keys.errors';
import { openTotpSecret, sealTotpSecret, totpSecretAad } from './totp-secret.seal';

/**
 * A stored TOTP secret does not open under the current key encryption key. A subclass of the
 * signing keys' error, so callers that stop on a key that does not decrypt stop on this too,
 * with a message naming the row that is at fault.
 */
export class TotpSecretDecryptionError extends KeyDecryptionError {
  constructor(readonly userId: string) {
    super(totpSecretAad(userId));
    this.message =
      `The second-factor secret of user ${userId} cannot be decrypted with the configured ` +
      'KEY_ENCRYPTION_KEY (wrong key, or the stored secret was altered); nothing was re-encrypted.';
  }
}

/**
 * Re-seals every TOTP secret (confirmed or pending) from one key encryption key to another,
 * inside the caller's transaction: the rows stay locked until it ends, and a row that does not
 * open under `currentKey` throws, so the caller's transaction rolls back and no row moves.
 * Each secret is opened and sealed again at once; none is kept beyond its own row.
 */
export async function rewrapTotpSecrets(
  manager: EntityManager,
  currentKey: Buffer,
  newKey: Buffer,
): Promise<number> {
  const rows = await manager.query<{ user_id: string; secret_enc: Buffer }[]>(
    'SELECT user_id, secret_enc FROM mfa_totp ORDER BY user_id FOR UPDATE',
  );
  for (const row of rows) {
    const sealed = sealTotpSecret(
      openRow(row.secret_enc, currentKey, row.user_id),
      newKey,
      row.user_id,
    );
    await manager.query('UPDATE mfa_totp SET secret_enc = $2 WHERE user_id = $1', [
      row.user_id,
      sealed,
    ]);
  }
  return rows.length;
}

function openRow(sealed: Buffer, key: Buffer, userId: string): string {
  try {
    return openTotpSecret(sealed, key, userId);
  } catch (error) {
    if (error instanceof KeyDecryptionError) throw new TotpSecretDecryptionError(userId);
    throw error;
  }
}
