import { DataSource } from 'typeorm';
import { userColumns, userFromColumns } from '../../src/users/user-columns';
import { UsersRepository } from '../../src/users/users.repository';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/test-app';
import { account } from './users.factory';

/**
 * Another module's statement may read a user row through a join (a refresh reads the token and
 * its owner in one round trip). What it reads must be the row TypeORM reads, type for type, and
 * never the password hash.
 */
describe('a users row read through a join', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  const joined = async (id: string): Promise<Record<string, unknown>[]> =>
    app.app
      .get(DataSource)
      .query(
        `SELECT x.id AS probe, ${userColumns('u', 'owner_')}
           FROM (SELECT $1::uuid AS id) x LEFT JOIN users u ON u.id = x.id`,
        [id],
      );

  it('maps to the entity TypeORM reads, arrays, JSON, dates and cut-off included', async () => {
    const created = await app.app
      .get(UsersService)
      .create({ ...account(), roles: ['user'], permissions: ['reports:read'] });
    const dataSource = app.app.get(DataSource);
    await dataSource.query(
      `UPDATE users SET attributes = '{"tenant":"acme","tier":2}', tokens_valid_after = now()
        WHERE id = $1`,
      [created.id],
    );

    const [row] = await joined(created.id);
    const viaJoin = userFromColumns(row, 'owner_');
    const viaOrm = await app.app.get(UsersRepository).findById(created.id);

    expect(viaOrm?.tokensValidAfter).toBeInstanceOf(Date);
    expect(viaJoin).toEqual(viaOrm);
    expect(Object.keys(row).some((column) => column.includes('password'))).toBe(false);
  });

  it('is null when the join found no user', async () => {
    const [row] = await joined('00000000-0000-4000-8000-000000000000');

    expect(row.probe).toBe('00000000-0000-4000-8000-000000000000');
    expect(userFromColumns(row, 'owner_')).toBeNull();
  });
});
