import { decryptPrivateKey, encryptPrivateKey } from '../keys/key-encryption';

/**
 * TOTP secrets at rest: AES-256-GCM under the key encryption key, in the signing keys' format.
 * The user id is the associated data, so a sealed secret copied onto another user's row fails to
 * open instead of letting one authenticator unlock two accounts.
 */
export function totpSecretAad(userId: string): string {
  return `mfa-totp:${userId}`;
}

export function sealTotpSecret(secret: string, kek: Buffer, userId: string): Buffer {
  return encryptPrivateKey(Buffer.from(secret, 'utf8'), kek, totpSecretAad(userId));
}

/** Throws KeyDecryptionError for a wrong key or a tampered row. */
export function openTotpSecret(sealed: Buffer, kek: Buffer, userId: string): string {
  const plaintext = decryptPrivateKey(sealed, kek, totpSecretAad(userId));
  const secret = plaintext.toString('utf8');
  plaintext.fill(0);
  return secret;
}
