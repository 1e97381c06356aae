import { Client, Notification } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { CredentialsService } from '../../src/users/credentials.service';
import { RolesService } from '../../src/users/roles.service';
import { parseTokenCutoff, TOKEN_CUTOFF_CHANNEL } from '../../src/users/token-cutoff';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/test-app';
import { account } from './users.factory';

describe(UsersService.name, () => {
  let app: TestApp;
  let sut: UsersService;
  const clock = new FakeClock(new Date('2026-05-01T12:00:00Z'));

  beforeAll(async () => {
    app = await createTestApp({}, { clock });
    sut = app.app.get(UsersService);
  });
  afterAll(() => app.close());

  it('creates users with given roles and reports effective permissions', async () => {
    await app.app.get(RolesService).upsert('auditor', { permissions: ['audit:read'] });

    const user = await sut.create({ ...account(), roles: ['auditor'], permissions: ['x:y'] });

    expect(user.permissions).toEqual(['audit:read', 'x:y']);
    await expect(sut.findByLogin(user.email.toUpperCase())).resolves.toEqual(user);
  });

  it('refuses an unknown role', async () => {
    await expect(sut.create({ ...account(), roles: ['nope'] })).rejects.toMatchObject({
      code: 'ERR_UNKNOWN_ROLE',
    });
  });

  it('answers null or ERR_USER_NOT_FOUND for a missing or malformed id', async () => {
    await expect(sut.findById('not-a-uuid')).resolves.toBeNull();
    await expect(sut.getById('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'ERR_USER_NOT_FOUND',
    });
  });

  it('refuses changing an email to one taken in another letter case', async () => {
    const first = await sut.create(account());
    const second = await sut.create(account());

    await expect(sut.update(second.id, { email: first.email.toUpperCase() })).rejects.toMatchObject(
      {
        code: 'ERR_EMAIL_TAKEN',
      },
    );
  });

  it('lists with pagination and the active filter', async () => {
    const inactive = await sut.create({ ...account(), isActive: false });

    const all = await sut.list({ offset: 0, limit: 2 });
    const onlyInactive = await sut.list({ offset: 0, limit: 50, active: false });

    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    expect(onlyInactive.items.map((user) => user.id)).toEqual([inactive.id]);
  });

  it('cuts off tokens on deactivation, announcing it to every replica', async () => {
    const user = await sut.create(account());
    const listener = new Client({ connectionString: app.databaseUrl });
    await listener.connect();
    const received = new Promise<Notification>((resolve) => listener.on('notification', resolve));
    await listener.query(`LISTEN ${TOKEN_CUTOFF_CHANNEL}`);

    await sut.update(user.id, { isActive: false });

    const notification = await received;
    await listener.end();
    const expected = { userId: user.id, validAfter: clock.now().toISOString() };
    expect(parseTokenCutoff(notification.payload)).toEqual(expected);
    await expect(sut.tokensValidAfter(user.id)).resolves.toEqual(clock.now());
    await expect(sut.tokenCutoffs(clock.now())).resolves.toContainEqual(expected);
  });

  it('changes a password after checking the current one', async () => {
    const fixture = account();
    const user = await sut.create(fixture);
    const credentials = app.app.get(CredentialsService);
    clock.advance(60);

    await expect(
      credentials.changePassword(user.id, 'wrong-password', 'a brand new password'),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' });
    await expect(
      credentials.changePassword(user.id, fixture.password, fixture.username),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_PASSWORD', details: { field: 'newPassword' } });
    await credentials.changePassword(user.id, fixture.password, 'a brand new password');

    await expect(credentials.verify(user.username, 'a brand new password')).resolves.toMatchObject({
      id: user.id,
    });
    await expect(sut.tokensValidAfter(user.id)).resolves.toEqual(clock.now());
  });

  it('deletes a user', async () => {
    const user = await sut.create(account());

    await sut.delete(user.id);

    await expect(sut.findById(user.id)).resolves.toBeNull();
    await expect(sut.delete(user.id)).rejects.toMatchObject({ code: 'ERR_USER_NOT_FOUND' });
  });
});
