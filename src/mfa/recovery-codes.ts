import { createHash, randomBytes } from 'node:crypto';

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10;

// RFC 4648 §6 base32: no 0/1/8/9, so no code mixes up O and 0 or I and 1.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CODE_BYTES = 10; // 80 bits: 16 base32 characters, beyond any online guessing.
const GROUP = 4;

/** Ten new codes, `XXXX-XXXX-XXXX-XXXX`: shown to the user once, stored only as digests. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => format(base32(randomBytes(CODE_BYTES))));
}

/**
 * The stored digest of a code as typed: letter case, dashes and spaces do not matter. SHA-256
 * without salt or stretching is enough for 80 random bits (nothing to guess offline), and lets a
 * code be found by its digest.
 */
export function recoveryCodeDigest(typed: string): Buffer {
  return createHash('sha256').update(normalise(typed), 'utf8').digest();
}

/** Whether the text can be a recovery code at all (before any lookup). */
export function looksLikeRecoveryCode(typed: string): boolean {
  const plain = normalise(typed);
  return plain.length === (CODE_BYTES * 8) / 5 && [...plain].every((c) => ALPHABET.includes(c));
}

function normalise(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function format(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
  return groups.join('-');
}
