import { api } from '../admin/admin.fixtures';
import { createMfaWorld, enrolledUser, mfaLogin, mfaTokenOf, MfaWorld } from '../mfa/mfa.fixtures';

/**
 * An `mfa_token` is a login half done: whatever ends the user's sessions in the meantime (a
 * new password, "log out everywhere" by an administrator) ends it too, right code or not.
 */
describe('mfa_token and the end of every session', () => {
  let world: MfaWorld;

  beforeAll(async () => {
    world = await createMfaWorld();
  });
  afterAll(() => world.sut.close());

  it('refuses an mfa_token issued before the user was logged out everywhere', async () => {
    const user = await enrolledUser(world);
    const mfa_token = await mfaTokenOf(world, user.account);
    world.clock.advance(2);
    const revoked = await api(
      world.sut,
      'POST',
      `/users/${user.account.id}/revoke-tokens`,
      await world.freshAdmin(),
    );
    expect(revoked.status).toBe(204);
    world.clock.advance(2);

    const refused = await mfaLogin(world, { mfa_token, code: world.code(user.secret) });

    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'ERR_MFA_TOKEN_INVALID' });
  });

  it('accepts an mfa_token issued after it', async () => {
    const user = await enrolledUser(world);
    await api(
      world.sut,
      'POST',
      `/users/${user.account.id}/revoke-tokens`,
      await world.freshAdmin(),
    );
    world.clock.advance(2);
    const mfa_token = await mfaTokenOf(world, user.account);

    const accepted = await mfaLogin(world, { mfa_token, code: world.code(user.secret) });

    expect(accepted.status).toBe(200);
  });
});
