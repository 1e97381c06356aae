import { ConfigValidationError, parseConfig } from '../config';
import { adminPasswordProblem, placeholderEmail } from './admin-account';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/srv/warden');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(adminPasswordProblem.name, () => {
  it('applies the registration rules to ADMIN_PASSWORD, naming the variable', () => {
    expect(adminPasswordProblem('Password123', 'admin')).toBe(
      'ADMIN_PASSWORD is not acceptable: password is one of the most commonly used passwords; choose another',
    );
    expect(adminPasswordProblem('short', 'admin')).toMatch(
      /^ADMIN_PASSWORD is not acceptable: password must be at least 8 characters long/,
    );
    expect(adminPasswordProblem('Warden.Keeper', 'warden.keeper')).toMatch(/equal the username/);
    expect(adminPasswordProblem('root@localhost', 'root')).toMatch(/equal the email/);
  });

  it('accepts a good one', () => {
    expect(adminPasswordProblem('bootstrap-secret-1', 'root')).toBeUndefined();
  });
});

describe(placeholderEmail.name, () => {
  it('is the lower-cased username at localhost, which registration cannot claim', () => {
    expect(placeholderEmail('Root')).toBe('root@localhost');
  });
});

describe('ADMIN_PASSWORD in the configuration', () => {
  it('is a configuration problem, listed with the others, when weak', () => {
    expect(problemsOf({ ADMIN_PASSWORD: 'iloveyou', PORT: 'x' })).toEqual([
      expect.stringMatching(/^PORT /),
      'ADMIN_PASSWORD is not acceptable: password is one of the most commonly used passwords; choose another',
    ]);
  });

  it('is checked against ADMIN_USERNAME', () => {
    expect(problemsOf({ ADMIN_USERNAME: 'gatekeeper42', ADMIN_PASSWORD: 'GATEKEEPER42' })).toEqual([
      'ADMIN_PASSWORD is not acceptable: password must not equal the username',
    ]);
  });

  it('is no problem when unset or acceptable', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ ADMIN_PASSWORD: 'bootstrap-secret-1' })).toEqual([]);
  });
});
