import { postJson } from '../oauth/oauth.fixtures';
import { registeredAccount } from '../tokens/session.fixtures';
import {
  Account,
  createMfaWorld,
  enrolledUser,
  MfaWorld,
  passwordLogin,
  query,
} from '../mfa/mfa.fixtures';

/**
 * A login's `login.succeeded` event is written by the statement that stores the session's first
 * refresh token: one round trip, and the event commits with the session it records, or neither
 * does. A password that passes without a session following (second factor asked, audience
 * refused) is recorded on its own, exactly once, as before.
 */
describe('login audit events (same statement as the session)', () => {
  let world: MfaWorld;

  beforeAll(async () => {
    world = await createMfaWorld();
  });
  afterAll(() => world.sut.close());

  const successes = (user: Account): Promise<{ xid: string }[]> =>
    query<{ xid: string }>(
      world.sut.databaseUrl,
      `SELECT xmin::text AS xid FROM audit_events WHERE type = 'login.succeeded' AND subject = $1`,
      [user.id],
    );
  const sessions = (user: Account): Promise<{ xid: string }[]> =>
    query<{ xid: string }>(
      world.sut.databaseUrl,
      'SELECT xmin::text AS xid FROM refresh_tokens WHERE user_id = $1',
      [user.id],
    );

  it('writes the event and the refresh token in one transaction', async () => {
    const user = await registeredAccount(world.sut);
    const before = (await sessions(user)).length;

    const response = await passwordLogin(world, user);

    expect(response.status).toBe(200);
    const events = await successes(user);
    const tokens = await sessions(user);
    expect(tokens).toHaveLength(before + 1);
    expect(events).toHaveLength(before + 1);
    // The same transaction id wrote both rows.
    expect(events.at(-1)?.xid).toBe(tokens.at(-1)?.xid);
  });

  it('records a password that passed once when a second factor is asked for next', async () => {
    const { account } = await enrolledUser(world);
    const tokensBefore = (await sessions(account)).length;
    const eventsBefore = (await successes(account)).length;

    const response = await passwordLogin(world, account);

    expect(response.status).toBe(401);
    expect(await successes(account)).toHaveLength(eventsBefore + 1);
    expect(await sessions(account)).toHaveLength(tokensBefore);
  });

  it('records a password that passed once when the audience asked for is refused', async () => {
    const user = await registeredAccount(world.sut);

    const response = await postJson(world.sut, '/auth/login', {
      username: user.username,
      password: user.password,
      audience: 'https://api.unknown.example',
    });

    expect(response.status).toBe(400);
    expect(await successes(user)).toHaveLength(1);
    expect(await sessions(user)).toHaveLength(0);
  });

  it('stores no session whose event could not be written, and says 503', async () => {
    const user = await registeredAccount(world.sut);
    // The audit store refuses this user's rows as an unavailable database would.
    await query(
      world.sut.databaseUrl,
      `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.subject = '${user.id}' THEN
           RAISE EXCEPTION 'audit store unavailable' USING ERRCODE = '57P03';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await query(
      world.sut.databaseUrl,
      'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
    );
    try {
      const refused = await passwordLogin(world, user);

      expect(refused.status).toBe(503);
      expect(await refused.text()).not.toContain(user.password);
      expect(await sessions(user)).toHaveLength(0);
      expect(await successes(user)).toHaveLength(0);
    } finally {
      await query(world.sut.databaseUrl, 'DROP TRIGGER refuse_audit ON audit_events');
      await query(world.sut.databaseUrl, 'DROP FUNCTION refuse_audit()');
    }

    const accepted = await passwordLogin(world, user);

    expect(accepted.status).toBe(200);
    expect(await sessions(user)).toHaveLength(1);
    expect(await successes(user)).toHaveLength(1);
  });
});
