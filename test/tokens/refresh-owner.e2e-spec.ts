import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, refresh, registeredAccount, SESSION_ENV } from './session.fixtures';

/**
 * A refresh reads its token and the owner's row in one statement (a join). What the owner's
 * row says at that moment decides, even when it was changed in SQL behind the service's back:
 * a deactivated owner gets 401 and the family ends; reactivation does not bring it back.
 */
describe('refresh: the owner read with the token', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp(SESSION_ENV);
  });
  afterAll(() => sut?.close());

  const setActive = (id: string, active: boolean) =>
    sut.app.get(DataSource).query('UPDATE users SET is_active = $2 WHERE id = $1', [id, active]);

  it('refuses the token of an owner deactivated in SQL, and ends its family', async () => {
    const who = await registeredAccount(sut);
    const pair = await loginOk(sut, who);
    await setActive(who.id, false);

    expect((await refresh(sut, pair.refresh_token)).status).toBe(401);
    const [family] = await sut.app
      .get(DataSource)
      .query<{ revoked: number }[]>(
        'SELECT count(*)::int AS revoked FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NOT NULL',
        [who.id],
      );
    expect(family.revoked).toBeGreaterThan(0);

    await setActive(who.id, true);
    expect((await refresh(sut, pair.refresh_token)).status).toBe(401);
  });

  it('serves the owner as the row now stands: permissions granted in SQL show at once', async () => {
    const who = await registeredAccount(sut);
    const pair = await loginOk(sut, who);
    await sut.app
      .get(DataSource)
      .query(`UPDATE users SET permissions = '{reports:read}' WHERE id = $1`, [who.id]);

    const response = await refresh(sut, pair.refresh_token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { permissions: string[] } };
    expect(body.user.permissions).toContain('reports:read');
  });
});
