import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 random bits, base64url: unguessable, and safe in `curl -u id:secret` and URLs. */
const CLIENT_ID_BYTES = 16;
/** 256 random bits, base64url without padding (43 characters). */
const CLIENT_SECRET_BYTES = 32;
const CLIENT_SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function generateClientId(): string {
  return randomBytes(CLIENT_ID_BYTES).toString('base64url');
}

/** A new client secret: shown to the administrator once, only its digest is stored. */
export function generateClientSecret(): string {
  return randomBytes(CLIENT_SECRET_BYTES).toString('base64url');
}

/**
 * The stored form: SHA-256. A slow hash (bcrypt) protects low-entropy passwords against
 * guessing; a secret of 256 random bits cannot be guessed from its digest at any speed, and a
 * fast digest keeps client authentication off the bcrypt thread pool.
 */
export function hashClientSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Compares a presented secret with a stored digest in constant time (RFC 6749 §10.10 asks for
 * secrets that cannot be guessed; comparing digests of equal length leaks no prefix).
 * Anything not of the secret's shape is still hashed, so timing does not tell them apart.
 */
export function clientSecretMatches(presented: string, storedHash: Buffer): boolean {
  const candidate = hashClientSecret(presented);
  const equal = storedHash.length === candidate.length && timingSafeEqual(candidate, storedHash);
  return equal && CLIENT_SECRET_FORMAT.test(presented);
}

/** A digest no secret has: compared against when the client is unknown, to spend equal time. */
export const UNKNOWN_CLIENT_HASH = hashClientSecret('\u0000unknown client');
