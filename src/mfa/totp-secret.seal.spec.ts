import { randomBytes, randomUUID } from 'node:crypto';
import { KeyDecryptionError } from '../keys/keys.errors';
import { openTotpSecret, sealTotpSecret } from './totp-secret.seal';

// 160 bits of base32 (RFC 4226 §4), as newTotpSecret makes them.
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const kek = (): Buffer => randomBytes(32);

describe(sealTotpSecret.name, () => {
  const userA = randomUUID();
  const userB = randomUUID();

  it('round-trips, with a fresh nonce each time', () => {
    const key = kek();

    const first = sealTotpSecret(SECRET, key, userA);
    const second = sealTotpSecret(SECRET, key, userA);

    expect(first.equals(second)).toBe(false);
    expect(openTotpSecret(first, key, userA)).toBe(SECRET);
    expect(openTotpSecret(second, key, userA)).toBe(SECRET);
  });

  it('refuses the wrong key encryption key', () => {
    const sealed = sealTotpSecret(SECRET, kek(), userA);

    expect(() => openTotpSecret(sealed, kek(), userA)).toThrow(KeyDecryptionError);
  });

  it("refuses a secret sealed for one user on another user's row", () => {
    const key = kek();
    const sealed = sealTotpSecret(SECRET, key, userA);

    expect(() => openTotpSecret(sealed, key, userB)).toThrow(KeyDecryptionError);
    expect(openTotpSecret(sealed, key, userA)).toBe(SECRET);
  });

  it('refuses a change to any byte, and a truncated row', () => {
    const key = kek();
    const sealed = sealTotpSecret(SECRET, key, userA);

    for (let index = 0; index < sealed.length; index += 1) {
      const tampered = Buffer.from(sealed);
      tampered[index] ^= 0x01;
      expect(() => openTotpSecret(tampered, key, userA)).toThrow(KeyDecryptionError);
    }
    expect(() => openTotpSecret(sealed.subarray(0, sealed.length - 1), key, userA)).toThrow(
      KeyDecryptionError,
    );
    expect(() => openTotpSecret(Buffer.alloc(0), key, userA)).toThrow(KeyDecryptionError);
  });

  it('does not contain the secret, in any encoding the app handles', () => {
    const sealed = sealTotpSecret(SECRET, kek(), userA);

    expect(sealed.includes(Buffer.from(SECRET, 'utf8'))).toBe(false);
    expect(sealed.toString('latin1')).not.toContain(SECRET.slice(0, 8));
    expect(sealed.toString('base64')).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(sealed.toString('hex')).not.toContain(Buffer.from(SECRET).toString('hex'));
  });
});
