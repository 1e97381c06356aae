import { authedPost, loginOk, me, registeredAccount } from '../tokens/session.fixtures';
import { AttackTarget, attackTarget, refusal, refusedEverywhere } from './support/attack-target';
import { b64u, toDer } from './support/hostile-tokens';

/**
 * ES256 signatures are the 64-byte R || S of RFC 7518 §3.4. An all-zero signature (the
 * "psychic signature" of CVE-2022-21449) and the DER encoding used by other APIs must fail.
 */
describe('attack suite: ECDSA signatures', () => {
  let target: AttackTarget;
  let valid: string;
  let signingInput: string;
  let signature: Buffer;

  beforeAll(async () => {
    target = await attackTarget({ SIGNING_ALG: 'ES256' });
    valid = target.session.access_token;
    signingInput = valid.slice(0, valid.lastIndexOf('.'));
    signature = Buffer.from(valid.slice(valid.lastIndexOf('.') + 1), 'base64url');
  });
  afterAll(() => target.sut.close());

  it('signs ES256 and accepts its own token (the harness itself is sound)', async () => {
    expect(target.header.alg).toBe('ES256');
    expect(signature).toHaveLength(64);
    const response = await target.sut.request('/auth/me', {
      headers: { authorization: `Bearer ${valid}` },
    });
    expect(response.status).toBe(200);
  });

  const forged: Array<[string, () => Buffer]> = [
    ['all-zero R || S', () => Buffer.alloc(64)],
    ['R = S = 0 in DER', () => Buffer.from('3006020100020100', 'hex')],
    ['the valid signature DER-encoded', () => toDer(signature)],
    ['R and S swapped', () => Buffer.concat([signature.subarray(32), signature.subarray(0, 32)])],
    ['R valid, S zero', () => Buffer.concat([signature.subarray(0, 32), Buffer.alloc(32)])],
    ['the curve order as R and S', () => Buffer.concat([CURVE_ORDER, CURVE_ORDER])],
    ['63 bytes', () => signature.subarray(1)],
    ['65 bytes', () => Buffer.concat([Buffer.alloc(1), signature])],
    ['empty-ish (one zero byte)', () => Buffer.alloc(1)],
  ];

  it.each(forged)('%s', async (_name, make) => {
    await refusedEverywhere(target.sut, `${signingInput}.${b64u(make())}`);
  });

  it('the malleable twin (R, n - S) verifies, but is the same token: revoked with its jti', async () => {
    // ECDSA signatures are malleable: (R, n - S) verifies too. It carries the same claims, so
    // revocation, which keys on jti, refuses both spellings at once.
    const pair = await loginOk(target.sut, await registeredAccount(target.sut));
    const token = pair.access_token;
    const twin = `${token.slice(0, token.lastIndexOf('.'))}.${b64u(withNegatedS(signatureOf(token)))}`;
    expect(twin).not.toBe(token);
    expect((await me(target.sut, twin)).status).toBe(200);

    expect((await authedPost(target.sut, '/auth/logout', token)).status).toBe(200);

    expect(await refusal(target.sut, token)).toBe('ERR_TOKEN_REVOKED');
    expect(await refusal(target.sut, twin)).toBe('ERR_TOKEN_REVOKED');
  });
});

function signatureOf(token: string): Buffer {
  return Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
}

/** P-256's group order n. */
const CURVE_ORDER = Buffer.from(
  'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
  'hex',
);

/** (R, n - S): the other signature ECDSA accepts for the same message and key. */
function withNegatedS(rs: Buffer): Buffer {
  const n = BigInt(`0x${CURVE_ORDER.toString('hex')}`);
  const s = BigInt(`0x${rs.subarray(32).toString('hex')}`);
  const negated = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
  return Buffer.concat([rs.subarray(0, 32), negated]);
}
