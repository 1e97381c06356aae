import { changedUserValues, ChangeableUserValues } from './changed-user-fields';

const STORED: ChangeableUserValues = {
  email: 'ada@example.org',
  roles: ['user', 'editor'],
  permissions: ['reports:read'],
  isActive: true,
};

describe(changedUserValues.name, () => {
  const sut = (requested: Partial<ChangeableUserValues>) => changedUserValues(STORED, requested);

  it('keeps only the values that differ, in the documented field order', () => {
    const changed = sut({ isActive: false, permissions: [], email: 'ada@example.org' });

    expect(changed).toEqual({ permissions: [], isActive: false });
    expect(Object.keys(changed)).toEqual(['permissions', 'isActive']);
  });

  it('treats roles and permissions as sets: another order is no change', () => {
    expect(sut({ roles: ['editor', 'user'], permissions: ['reports:read'] })).toEqual({});
    expect(sut({ roles: ['user'] })).toEqual({ roles: ['user'] });
    expect(sut({ roles: ['user', 'admin'] })).toEqual({ roles: ['user', 'admin'] });
  });

  it("sees a change of letter case in the email (the local part is the owner's)", () => {
    expect(sut({ email: 'Ada@example.org' })).toEqual({ email: 'Ada@example.org' });
  });

  it('finds nothing when nothing is requested', () => {
    expect(sut({})).toEqual({});
  });
});
