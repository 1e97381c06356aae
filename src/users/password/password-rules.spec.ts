import {
  passwordLengthProblem,
  passwordProblem,
  PASSWORD_MAX_BYTES,
  utf8ByteLength,
} from './password-rules';

const owner = (overrides: Partial<{ username: string; email: string }> = {}) => ({
  username: 'ada.lovelace',
  email: 'ada@example.com',
  ...overrides,
});

describe('password rules', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('🔑')).toBe(4);
  });

  it('accepts exactly 72 bytes and refuses 73, naming the limit', () => {
    expect(passwordLengthProblem('a'.repeat(PASSWORD_MAX_BYTES))).toBeUndefined();

    expect(passwordLengthProblem('a'.repeat(73))).toMatch(/72 bytes/);
  });

  it('refuses a password of few characters but too many bytes', () => {
    const emojis = '🔑'.repeat(19); // 19 characters, 76 bytes

    expect(emojis.length).toBeLessThan(PASSWORD_MAX_BYTES);
    expect(passwordLengthProblem(emojis)).toMatch(/72 bytes.*76 bytes/);
  });

  it('accepts 72 bytes made of multibyte characters', () => {
    expect(passwordLengthProblem('€'.repeat(24))).toBeUndefined();
  });

  it('refuses fewer than 8 bytes, but 2 four-byte characters are enough', () => {
    expect(passwordLengthProblem('short')).toMatch(/at least 8 bytes/);
    expect(passwordLengthProblem('🔑🔑')).toBeUndefined();
  });

  it('refuses the username or the email, in any letter case', () => {
    expect(passwordProblem('ADA.Lovelace', owner())).toMatch(/username/);
    expect(passwordProblem('Ada@Example.COM', owner())).toMatch(/email/);
  });

  it('accepts a good password', () => {
    expect(passwordProblem('correct horse battery staple', owner())).toBeUndefined();
  });
});
