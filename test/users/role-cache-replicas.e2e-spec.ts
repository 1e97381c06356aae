import { Client } from 'pg';
import { RoleCacheService } from '../../src/users/role-cache.service';
import { claimsOf, OAuthTestApp, postJson } from '../oauth/oauth.fixtures';
import type { TestApp } from '../support/test-app';
import { startTwoReplicas, TwoReplicas } from '../support/two-replicas';
import { eventually, within } from '../support/timing';
import { registeredAccount } from '../tokens/session.fixtures';
import type { AccountFixture } from './users.factory';

type Account = AccountFixture & { id: string };

/**
 * Two replicas on one database, each resolving roles from its own copy of the `roles` table: a
 * role changed through one (or in SQL) grants what it now says on the other within a second, by
 * NOTIFY alone (KEY_RELOAD_INTERVAL is 300 s, so the periodic backstop cannot be what does it).
 */
describe('the role cache across two replicas', () => {
  let replicas: TwoReplicas | undefined;
  let a: OAuthTestApp;
  let b: TestApp;
  let db: Client;

  beforeAll(async () => {
    replicas = await startTwoReplicas();
    ({ a, b, db } = replicas);
    // Both listening, else each would read the table on every request and prove nothing.
    await eventually(() => {
      for (const app of [a, b]) expect(app.app.get(RoleCacheService).listening).toBe(true);
    });
  });
  afterAll(() => replicas?.close());

  const admin = (): Record<string, string> => ({
    authorization: `Bearer ${a.adminToken}`,
    'content-type': 'application/json',
  });

  async function putRole(name: string, permissions: string[]): Promise<void> {
    const response = await a.request(`/roles/${name}`, {
      method: 'PUT',
      headers: admin(),
      body: JSON.stringify({ permissions }),
    });
    expect(response.status).toBe(200);
  }

  async function holder(role: string): Promise<Account> {
    const user = await registeredAccount(a);
    const response = await a.request(`/users/${user.id}`, {
      method: 'PATCH',
      headers: admin(),
      body: JSON.stringify({ roles: ['user', role] }),
    });
    expect(response.status).toBe(200);
    return user;
  }

  /** The permissions of a fresh login's access token on `app`. */
  async function permissionsOn(app: TestApp, user: Account): Promise<unknown> {
    const response = await postJson(app, '/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    return claimsOf(access_token).permissions;
  }

  const grants = async (app: TestApp, user: Account, permission: string): Promise<boolean> =>
    ((await permissionsOn(app, user)) as string[]).includes(permission);

  it('serves logins from memory on both replicas once the table is read', async () => {
    await putRole('cached', ['audit:read']);
    const user = await holder('cached');

    for (const app of [a, b]) {
      expect(await grants(app, user, 'audit:read')).toBe(true);
      expect(app.app.get(RoleCacheService).held).toBe(true);
    }
  });

  it('stops granting a permission taken from a role through one replica on the other within a second', async () => {
    await putRole('demoted', ['audit:read', 'users:read']);
    const user = await holder('demoted');
    for (const app of [a, b]) expect(await grants(app, user, 'users:read')).toBe(true);

    await putRole('demoted', ['audit:read']);

    expect(await grants(a, user, 'users:read')).toBe(false);
    await within(1000, async () => !(await grants(b, user, 'users:read')));
    expect(await permissionsOn(b, user)).toEqual(['audit:read']);
  });

  it('applies a role changed in SQL on both replicas within a second', async () => {
    await putRole('edited', ['audit:read']);
    const user = await holder('edited');
    for (const app of [a, b]) expect(await grants(app, user, 'audit:read')).toBe(true);

    await db.query(`UPDATE roles SET permissions = '{}' WHERE name = 'edited'`);

    for (const app of [a, b])
      await within(1000, async () => !(await grants(app, user, 'audit:read')));
  });

  it('sees a role created in SQL, and one deleted in SQL, on both replicas within a second', async () => {
    await putRole('placeholder', []);
    const user = await holder('placeholder');
    for (const app of [a, b]) expect(await grants(app, user, 'audit:read')).toBe(false);

    await db.query(`DELETE FROM roles WHERE name = 'placeholder'`);
    await db.query(`INSERT INTO roles (name, permissions) VALUES ('placeholder', '{audit:read}')`);
    for (const app of [a, b]) await within(1000, () => grants(app, user, 'audit:read'));

    await db.query(`DELETE FROM roles WHERE name = 'placeholder'`);
    for (const app of [a, b])
      await within(1000, async () => !(await grants(app, user, 'audit:read')));
  });
});
