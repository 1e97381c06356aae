import { readFileSync } from 'node:fs';
import {
  COMMON_PASSWORDS_FILE,
  commonPasswordCount,
  isCommonPassword,
  parseCommonPasswords,
} from './common-password.check';
import {
  COMMON_PASSWORD_PROBLEM,
  passwordProblem,
  PASSWORD_MIN_CHARACTERS,
} from './password-rules';

const owner = { username: 'ada.lovelace', email: 'ada@example.com' };

describe(isCommonPassword.name, () => {
  it('ships a list of several thousand entries, all long enough to pass the length rule', () => {
    expect(commonPasswordCount()).toBeGreaterThan(5000);
  });

  it.each(['password', '12345678', 'qwertyuiop', 'iloveyou', 'sunshine', 'trustno1', '1qaz2wsx'])(
    'knows %s',
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
    },
  );

  it('ignores letter case', () => {
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('FOOTBALL')).toBe(true);
  });

  it('lets uncommon passwords through', () => {
    expect(isCommonPassword('correct horse battery staple 7f3a')).toBe(false);
    expect(isCommonPassword('')).toBe(false);
  });
});

describe(parseCommonPasswords.name, () => {
  it('skips comment lines and blank lines, and reads CRLF line ends', () => {
    const text = '# source and licence\n#\npassword\r\n\nsunshine\n\n';

    expect([...parseCommonPasswords(text)]).toEqual(['password', 'sunshine']);
  });
});

describe('the shipped list file', () => {
  const text = readFileSync(COMMON_PASSWORDS_FILE, 'utf8');
  const entries = [...parseCommonPasswords(text)];

  it('holds the 9,020 entries of the list it replaced, from first to last', () => {
    expect(commonPasswordCount()).toBe(9020);
    expect(entries).toHaveLength(9020);
    expect(entries[0]).toBe('password');
    expect(entries.at(-1)).toBe('06041992');
  });

  it('opens with a comment header naming its source and licence, which is no entry', () => {
    expect(text.startsWith('# ')).toBe(true);
    expect(text).toMatch(/^# .*SecLists/m);
    expect(text).toMatch(/^# Licence: .*Attribution-ShareAlike 3\.0/m);
    expect(entries.some((entry) => entry.startsWith('#'))).toBe(false);
    expect(isCommonPassword('# Licence: Creative Commons Attribution-ShareAlike 3.0')).toBe(false);
  });

  it('has no blank entries; each is lower-case and 8 to 72 bytes, as the header says', () => {
    const misfits = entries.filter(
      (entry) =>
        entry.trim() === '' ||
        entry !== entry.toLowerCase() ||
        Buffer.byteLength(entry) < 8 ||
        Buffer.byteLength(entry) > 72,
    );

    expect(misfits).toEqual([]);
  });
});

describe(passwordProblem.name, () => {
  it('refuses a common password with a clear message', () => {
    expect(passwordProblem('Password1', owner)).toBe(COMMON_PASSWORD_PROBLEM);
    expect(passwordProblem('baseball', owner)).toMatch(/most commonly used passwords/);
  });

  it('reports a too short password by its length first', () => {
    expect(passwordProblem('123456', owner)).toMatch(`${PASSWORD_MIN_CHARACTERS} characters`);
  });

  it('accepts a long uncommon one', () => {
    expect(passwordProblem('tr0ub4dor and three more words', owner)).toBeUndefined();
  });
});
