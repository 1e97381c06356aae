import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyDecryptionError } from './keys.errors';

/**
 * The at-rest format of a private key (or HS secret): version || nonce || tag || ciphertext,
 * AES-256-GCM under KEY_ENCRYPTION_KEY. The kid is authenticated as associated data, so a
 * ciphertext copied onto another row fails to decrypt instead of swapping keys.
 */
const FORMAT_VERSION = 1;
const NONCE_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random nonces
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

export const ENCRYPTION_KEY_BYTES = 32;

export function encryptPrivateKey(plaintext: Buffer, encryptionKey: Buffer, kid: string): Buffer {
  assertKeyLength(encryptionKey);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT_VERSION), nonce, cipher.getAuthTag(), ciphertext]);
}

/** Throws KeyDecryptionError for a wrong key, a tampered row or an unknown format. */
export function decryptPrivateKey(sealed: Buffer, encryptionKey: Buffer, kid: string): Buffer {
  assertKeyLength(encryptionKey);
  if (sealed.length <= HEADER_BYTES || sealed[0] !== FORMAT_VERSION) {
    throw new KeyDecryptionError(kid);
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey, nonce, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new KeyDecryptionError(kid);
  }
}

function assertKeyLength(encryptionKey: Buffer): void {
  if (encryptionKey.length !== ENCRYPTION_KEY_BYTES) {
    throw new TypeError(`The key encryption key must be ${ENCRYPTION_KEY_BYTES} bytes`);
  }
}
