import { violatedUniqueConstraint, withoutQueryParameters } from './unique-violation';

describe(violatedUniqueConstraint.name, () => {
  it("reads the constraint of pg's unique_violation, directly or through driverError", () => {
    const pgError = { code: '23505', constraint: 'users_email_lower_key' };

    expect(violatedUniqueConstraint(pgError)).toBe('users_email_lower_key');
    expect(violatedUniqueConstraint({ driverError: pgError })).toBe('users_email_lower_key');
  });

  it('ignores other errors', () => {
    expect(violatedUniqueConstraint({ code: '23503', constraint: 'fk' })).toBeUndefined();
    expect(violatedUniqueConstraint(new Error('boom'))).toBeUndefined();
    expect(violatedUniqueConstraint(undefined)).toBeUndefined();
  });
});

describe(withoutQueryParameters.name, () => {
  it('drops the bound parameters, which may hold a password hash', () => {
    const error = Object.assign(new Error('failed'), { parameters: ['ada', '$2b$12$hash'] });

    expect(JSON.stringify(withoutQueryParameters(error))).not.toContain('$2b$');
  });
});
