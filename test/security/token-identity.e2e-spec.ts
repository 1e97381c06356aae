import {
  authedPost,
  bodyOf,
  loginOk,
  me,
  refresh,
  registeredAccount,
} from '../tokens/session.fixtures';
import { AttackTarget, attackTarget, refusal } from './support/attack-target';
import { alterPaddingBits } from './support/hostile-tokens';

/**
 * Revocation and reuse detection hold on the token's identity (its jti, the stored refresh token
 * row), never on its spelling: a second spelling of the same bytes gains nothing.
 */
describe('attack suite: token identity', () => {
  let target: AttackTarget;

  beforeAll(async () => {
    // No reuse grace: every second presentation of a spent token is reuse (refresh-race covers
    // the grace).
    target = await attackTarget({ REFRESH_REUSE_GRACE: '0' });
  });
  afterAll(() => target.sut.close());

  it('an access token re-spelled in its signature padding bits is refused, before and after revocation', async () => {
    const sut = target.sut;
    const pair = await loginOk(sut, await registeredAccount(sut));
    const original = pair.access_token;
    const altered = alterPaddingBits(original);
    const signatureOf = (token: string): Buffer =>
      Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
    // The same signature bytes to a lenient decoder (RFC 4648 §3.5), a different string.
    expect(altered).not.toBe(original);
    expect(signatureOf(altered).equals(signatureOf(original))).toBe(true);

    // Warden's parser refuses the non-canonical spelling outright (one token, one spelling).
    expect(await refusal(sut, altered)).toBe('ERR_TOKEN_MALFORMED');
    expect((await me(sut, original)).status).toBe(200);

    expect((await authedPost(sut, '/auth/logout', original)).status).toBe(200);

    expect(await refusal(sut, original)).toBe('ERR_TOKEN_REVOKED');
    expect(await refusal(sut, altered)).toBe('ERR_TOKEN_MALFORMED');
  });

  it('a refresh token re-spelled in its padding bits does not escape reuse detection', async () => {
    const sut = target.sut;
    const pair = await loginOk(sut, await registeredAccount(sut));
    const altered = alterPaddingBits(`x.x.${pair.refresh_token}`).slice(4);
    expect(
      Buffer.from(altered, 'base64url').equals(Buffer.from(pair.refresh_token, 'base64url')),
    ).toBe(true);

    const next = await refresh(sut, pair.refresh_token);
    expect(next.status).toBe(200);
    const { refresh_token: successor } = (await next.json()) as { refresh_token: string };

    // Another spelling of the spent token is no fresh token: refused, never a second new pair.
    const replay = await refresh(sut, altered);
    expect(replay.status).toBe(401);
    // Replaying the real spelling is reuse: the whole family dies, the successor too.
    const reuse = await refresh(sut, pair.refresh_token);
    expect(await bodyOf(reuse)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_REUSED' });
    expect((await refresh(sut, successor)).status).toBe(401);
  });

  it('without a reuse grace, two refreshes of one token at once: one succeeds, the other is reuse and ends the family', async () => {
    const sut = target.sut;
    for (let round = 0; round < 3; round++) {
      const pair = await loginOk(sut, await registeredAccount(sut));
      const responses = await Promise.all([
        refresh(sut, pair.refresh_token),
        refresh(sut, pair.refresh_token),
      ]);
      const winners = responses.filter((response) => response.status === 200);
      const losers = responses.filter((response) => response.status !== 200);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].status).toBe(401);
      expect(await bodyOf(losers[0])).toMatchObject({ code: 'ERR_REFRESH_TOKEN_REUSED' });
      const won = (await winners[0].json()) as { refresh_token: string; access_token: string };
      // RFC 6749 §10.4 / RFC 9700 §4.14.2: the family is revoked, the winner's pair with it.
      expect((await refresh(sut, won.refresh_token)).status).toBe(401);
      expect(await refusal(sut, won.access_token)).toBe('ERR_TOKEN_REVOKED');
    }
  });
});
