import { randomBytes } from 'node:crypto';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption';

const encryptionKey = (): Buffer => randomBytes(32);

describe(encryptPrivateKey.name, () => {
  it('round-trips, with a fresh nonce each time', () => {
    const key = encryptionKey();
    const plaintext = randomBytes(100);

    const first = encryptPrivateKey(plaintext, key, 'kid-1');
    const second = encryptPrivateKey(plaintext, key, 'kid-1');

    expect(first.equals(second)).toBe(false);
    expect(decryptPrivateKey(first, key, 'kid-1').equals(plaintext)).toBe(true);
    expect(first.includes(plaintext)).toBe(false);
  });

  it('refuses the wrong encryption key', () => {
    const sealed = encryptPrivateKey(randomBytes(64), encryptionKey(), 'kid-1');

    expect(() => decryptPrivateKey(sealed, encryptionKey(), 'kid-1')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_DECRYPTION', kid: 'kid-1' }) as Error,
    );
  });

  it('refuses a ciphertext moved to another kid', () => {
    const key = encryptionKey();
    const sealed = encryptPrivateKey(randomBytes(64), key, 'kid-1');

    expect(() => decryptPrivateKey(sealed, key, 'kid-2')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_DECRYPTION' }) as Error,
    );
  });

  it('refuses a tampered or truncated ciphertext', () => {
    const key = encryptionKey();
    const sealed = encryptPrivateKey(randomBytes(64), key, 'kid-1');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;

    expect(() => decryptPrivateKey(tampered, key, 'kid-1')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_DECRYPTION' }) as Error,
    );
    expect(() => decryptPrivateKey(sealed.subarray(0, 20), key, 'kid-1')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_DECRYPTION' }) as Error,
    );
  });
});
