import { createHash } from 'node:crypto';
import {
  generateRefreshToken,
  hashRefreshToken,
  isRefreshTokenFormat,
} from './refresh-token.secret';

describe('refresh token secrets', () => {
  it('are 256 random bits in base64url: 43 characters, no padding', () => {
    const token = generateRefreshToken();

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateRefreshToken()));

    expect(tokens.size).toBe(1000);
  });

  it('are stored as their SHA-256 digest', () => {
    const token = generateRefreshToken();

    const digest = hashRefreshToken(token);

    expect(digest).toEqual(createHash('sha256').update(token).digest());
    expect(digest.toString('utf8')).not.toContain(token);
  });

  it('are recognised by shape only', () => {
    expect(isRefreshTokenFormat(generateRefreshToken())).toBe(true);
    expect(isRefreshTokenFormat('short')).toBe(false);
    expect(isRefreshTokenFormat(`${generateRefreshToken()}=`)).toBe(false);
    expect(isRefreshTokenFormat('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl')).toBe(false);
    expect(isRefreshTokenFormat(42)).toBe(false);
  });
});
