import { toPublicUser } from './public-user';

function storedUser(overrides: Record<string, unknown> = {}) {
  return {
    id: '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10',
    username: 'ada',
    email: 'ada@example.com',
    passwordHash: '$2b$04$abcdefghijklmnopqrstuu5Nq1Kf0QmZp9yQw3sQk1Yt8gJk1l2m',
    isActive: true,
    roles: ['user'],
    permissions: ['own:permission'],
    failedLogins: 3,
    lockedUntil: null,
    tokensValidAfter: null,
    mfaEnabled: false,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-02T00:00:00Z'),
    ...overrides,
  };
}

describe(toPublicUser.name, () => {
  it('keeps exactly the public fields, with the effective permissions', () => {
    const sut = toPublicUser(storedUser(), ['own:permission', 'role:permission']);

    expect(sut).toEqual({
      id: '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10',
      username: 'ada',
      email: 'ada@example.com',
      isActive: true,
      roles: ['user'],
      permissions: ['own:permission', 'role:permission'],
      attributes: {},
      mfaEnabled: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('says whether the user has a second factor', () => {
    expect(toPublicUser(storedUser({ mfaEnabled: true }), []).mfaEnabled).toBe(true);
    expect(toPublicUser(storedUser(), []).mfaEnabled).toBe(false);
  });

  it('never carries the hash, even when the entity holds one', () => {
    const sut = toPublicUser(storedUser(), []);

    expect(JSON.stringify(sut)).not.toContain('$2b$');
    expect(sut).not.toHaveProperty('passwordHash');
    expect(sut).not.toHaveProperty('failedLogins');
  });

  it('copies arrays, so changing the result cannot change the entity', () => {
    const entity = storedUser();
    const sut = toPublicUser(entity, []);

    sut.roles.push('admin');

    expect(entity.roles).toEqual(['user']);
  });
});
