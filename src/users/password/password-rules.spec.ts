import {
  codePointLength,
  fitsBcrypt,
  normalizePassword,
  passwordFormProblem,
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
  it('counts UTF-8 bytes and code points', () => {
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('🔑')).toBe(4);
    expect(codePointLength('🔑🔑')).toBe(2);
    expect('🔑🔑'.length).toBe(4);
  });

  it('normalises to NFKC, so compatibility forms are one password', () => {
    expect(normalizePassword('ﬁsh')).toBe('fish');
    expect(normalizePassword('Ａda')).toBe('Ada');
    expect(normalizePassword('e\u0301')).toBe('é');
  });

  it('accepts exactly 72 bytes and refuses 73, naming the limit', () => {
    expect(passwordFormProblem('a'.repeat(PASSWORD_MAX_BYTES))).toBeUndefined();

    expect(passwordFormProblem('a'.repeat(73))).toMatch(/72 bytes/);
  });

  it('refuses a password of few characters but too many bytes', () => {
    const emojis = '🔑'.repeat(19); // 19 characters, 76 bytes

    expect(passwordFormProblem(emojis)).toMatch(/72 bytes.*76 bytes/);
  });

  it('accepts 72 bytes made of multibyte characters', () => {
    expect(passwordFormProblem('€'.repeat(24))).toBeUndefined();
  });

  it('counts the minimum in characters: 2 four-byte characters are not enough any more', () => {
    expect(passwordFormProblem('short')).toMatch(/at least 8 characters/);
    expect(passwordFormProblem('🔑🔑')).toMatch(/at least 8 characters.*is 2/);
    expect(passwordFormProblem('🔑'.repeat(8))).toBeUndefined();
  });

  it('counts the length after normalisation', () => {
    // U+FB03 "ﬃ" is one character that NFKC turns into three.
    expect(passwordFormProblem('ﬃﬃab')).toBeUndefined();
    // Eight decomposed "é" are sixteen code points but eight characters once composed.
    expect(passwordFormProblem('e\u0301'.repeat(7))).toMatch(/at least 8/);
    // NFKC expands U+FDFA to 18 characters (33 bytes): three of them are over the limit.
    expect(utf8ByteLength('\uFDFA'.repeat(3))).toBeLessThan(PASSWORD_MAX_BYTES);
    expect(passwordFormProblem('\uFDFA'.repeat(3))).toMatch(/72 bytes/);
  });

  it.each([
    ['a tab', 'correct\thorse'],
    ['a newline', 'correct horse\n'],
    ['NUL', 'correct\u0000horse'],
    ['DEL', 'correct\u007fhorse'],
    ['a C1 control', 'correct\u0085horse'],
  ])('refuses a password containing %s', (_name, password) => {
    expect(passwordFormProblem(password)).toMatch(/control characters/);
  });

  it('refuses a whitespace-only password but allows spaces inside one', () => {
    expect(passwordFormProblem(' '.repeat(12))).toMatch(/only whitespace/);
    expect(passwordFormProblem('\u3000'.repeat(9))).toMatch(/only whitespace/);
    expect(passwordFormProblem('  spaced out  ')).toBeUndefined();
  });

  it('tells whether bcrypt reads the whole password', () => {
    expect(fitsBcrypt('a'.repeat(72))).toBe(true);
    expect(fitsBcrypt('a'.repeat(73))).toBe(false);
  });

  it('refuses the username or the email, in any letter case or compatibility form', () => {
    expect(passwordProblem('ADA.Lovelace', owner())).toMatch(/username/);
    expect(passwordProblem('Ada@Example.COM', owner())).toMatch(/email/);
    expect(passwordProblem('ａｄａ.lovelace', owner())).toMatch(/username/);
  });

  it('refuses a common password written in fullwidth letters', () => {
    expect(passwordProblem('ｂａｓｅｂａｌｌ', owner())).toMatch(/most commonly used/);
  });

  it('accepts a good password', () => {
    expect(passwordProblem('correct horse battery staple', owner())).toBeUndefined();
  });
});
