import { normalizeEmail } from './email-address';

describe(normalizeEmail.name, () => {
  it('lower-cases the domain and keeps the local part as written', () => {
    expect(normalizeEmail('Ada@EXAMPLE.com')).toBe('Ada@example.com');
  });

  it('composes to NFC, in the local part and the domain', () => {
    expect(normalizeEmail('Jose\u0301@Cafe\u0301.example')).toBe('José@café.example');
  });

  it('leaves compatibility forms alone', () => {
    expect(normalizeEmail('Ａda@example.com')).toBe('Ａda@example.com');
  });

  it('splits at the last @ (a quoted local part may hold one)', () => {
    expect(normalizeEmail('"a@b"@EXAMPLE.org')).toBe('"a@b"@example.org');
  });

  it('leaves text without @ as composed text', () => {
    expect(normalizeEmail('e\u0301')).toBe('é');
  });
});
