import {
  clientSecretMatches,
  generateClientId,
  generateClientSecret,
  hashClientSecret,
  UNKNOWN_CLIENT_HASH,
} from './client-secret';

describe('client secrets', () => {
  it('generates 256-bit base64url secrets and 128-bit ids, all different', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateClientSecret()));

    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateClientId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('matches the secret its digest was made from, and nothing else', () => {
    const secret = generateClientSecret();
    const sut = hashClientSecret(secret);

    expect(clientSecretMatches(secret, sut)).toBe(true);
    expect(clientSecretMatches(generateClientSecret(), sut)).toBe(false);
    expect(clientSecretMatches(`${secret} `, sut)).toBe(false);
    expect(clientSecretMatches('', sut)).toBe(false);
  });

  it('never matches the digest used for unknown clients', () => {
    expect(clientSecretMatches('\u0000unknown client', UNKNOWN_CLIENT_HASH)).toBe(false);
  });

  it('refuses a stored digest of the wrong length instead of throwing', () => {
    expect(clientSecretMatches(generateClientSecret(), Buffer.alloc(3))).toBe(false);
  });
});
