import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits (docs/architecture.md §3), base64url without padding: 43 characters. */
const REFRESH_TOKEN_BYTES = 32;
const REFRESH_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque refresh token. Returned to the client once; only its digest is stored. */
export function generateRefreshToken(): string {
  return randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
}

/**
 * The stored form: SHA-256. A salt or a slow hash would add nothing: the token carries 256 bits
 * of entropy, so a leaked digest cannot be reversed by guessing.
 */
export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Cheap shape check, so obviously foreign strings never reach the database. */
export function isRefreshTokenFormat(token: unknown): token is string {
  return typeof token === 'string' && REFRESH_TOKEN_FORMAT.test(token);
}
