import { createHmac } from 'node:crypto';

/**
 * An RFC 6238 TOTP generator written apart from the service's own, so tests check the
 * service against the RFC rather than against itself.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 decoding; padding and case are ignored. */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4648 §6 base32 encoding, without padding. */
export function base32Encode(data: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 4226 HOTP over raw key bytes: HMAC-SHA-1 of the 8-byte counter, dynamic truncation (§5.3). */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** RFC 6238 §4: T = floor(unix time / 30 s). */
export function stepAt(epochSeconds: number): number {
  return Math.floor(epochSeconds / 30);
}

/** The TOTP code of a base32 secret at a Unix time in seconds. */
export function totpAt(secretBase32: string, epochSeconds: number, digits = 6): string {
  return hotp(base32Decode(secretBase32), stepAt(epochSeconds), digits);
}

/** The code for the step `offset` steps away from the one containing `at`. */
export function totpNear(secretBase32: string, at: Date, offset = 0): string {
  return totpAt(secretBase32, Math.floor(at.getTime() / 1000) + offset * 30);
}
