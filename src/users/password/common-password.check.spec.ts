import { commonPasswordCount, isCommonPassword } from './common-password.check';
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
