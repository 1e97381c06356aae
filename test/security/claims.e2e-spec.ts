import { generateKeyPairSync } from 'node:crypto';
import { FakeClock } from '../../src/common/fake-clock';
import {
  AttackTarget,
  attackTarget,
  bearerRequest,
  refusal,
  refusedEverywhere,
} from './support/attack-target';
import { json, signRaw } from './support/hostile-tokens';

/**
 * Claims that must not pass (RFC 9068 §4, RFC 7519 §4.1, RFC 8725 §3.8–3.11). Every token here
 * is signed with the server's own key, so the signature holds and only the claim rule under test
 * can refuse it. The clock is frozen and CLOCK_TOLERANCE is 0, so "now" is exact.
 */
describe('attack suite: claims', () => {
  const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);
  let target: AttackTarget;
  let now: number;

  beforeAll(async () => {
    target = await attackTarget({ CLOCK_TOLERANCE: '0' }, { clock });
    now = Math.floor(clock.now().getTime() / 1000);
  });
  afterAll(() => target.sut.close());

  it('accepts the valid claims re-signed (the harness itself is sound)', async () => {
    expect((await bearerRequest(target.sut, `Bearer ${target.withClaims({})}`)).status).toBe(200);
  });

  const cases: Array<
    [string, (now: number, claims: Record<string, unknown>) => Record<string, unknown>]
  > = [
    ['iss of another issuer', () => ({ iss: 'https://evil.example' })],
    ['iss with a trailing slash', (_, c) => ({ iss: `${String(c.iss)}/` })],
    ['iss in another letter case', (_, c) => ({ iss: String(c.iss).toUpperCase() })],
    ['iss missing', () => ({ iss: undefined })],
    ['iss as an array', (_, c) => ({ iss: [c.iss] })],
    ['aud of another audience', () => ({ aud: 'another-api' })],
    ['aud missing', () => ({ aud: undefined })],
    ['aud empty array', () => ({ aud: [] })],
    ['aud with a non-string member', (_, c) => ({ aud: [c.aud, 1] })],
    ['exp equal to now', (n) => ({ exp: n })],
    ['exp in the past', (n) => ({ exp: n - 60 })],
    ['exp as a string', (n) => ({ exp: String(n + 600) })],
    ['exp as 1e400 (Infinity once parsed)', () => ({ exp: '__1e400__' })],
    ['exp as a fraction', (n) => ({ exp: n + 600.5 })],
    ['exp missing', () => ({ exp: undefined })],
    ['exp null', () => ({ exp: null })],
    ['nbf in the future', (n) => ({ nbf: n + 1 })],
    ['nbf as a string', (n) => ({ nbf: String(n) })],
    ['iat in the future', (n) => ({ iat: n + 1, nbf: n, exp: n + 600 })],
    ['iat missing', () => ({ iat: undefined })],
    ['a lifetime above the maximum', (n) => ({ iat: n, exp: n + 365 * 86400 })],
    ['sub missing', () => ({ sub: undefined })],
    ['sub empty', () => ({ sub: '' })],
    ['jti missing', () => ({ jti: undefined })],
    ['client_id missing', () => ({ client_id: undefined })],
    ['token_use "refresh"', () => ({ token_use: 'refresh' })],
    ['token_use "id"', () => ({ token_use: 'id' })],
    ['token_use missing', () => ({ token_use: undefined })],
    ['roles as a string', () => ({ roles: 'admin' })],
    ['permissions with a non-string', () => ({ permissions: ['keys:read', 1] })],
    ['a delegated token without act', () => ({ token_use: 'delegated' })],
    ['act nested too deeply', () => ({ act: deepActor(20) })],
  ];

  it.each(cases)('%s', async (_name, overrides) => {
    const token = target.withClaims(overrides(now, target.claims));
    await refusedEverywhere(target.sut, token.includes('__1e400__') ? rawExp(token) : token);
  });

  /** exp written as the JSON number literal 1e400, which no encoder would produce. */
  function rawExp(_token: string): string {
    const payload = json({ ...target.claims, exp: '__1e400__' }).replace('"__1e400__"', '1e400');
    return target.serverSigned(json(target.header), payload);
  }

  it('an ID-token-like JWT (typ JWT, nonce, aud a client) is not an access token', async () => {
    const idToken = target.serverSigned(
      json({ ...target.header, typ: 'JWT' }),
      json({
        iss: target.claims.iss,
        sub: target.claims.sub,
        aud: 'some-client',
        nonce: 'n-0S6_WzA2Mj',
        auth_time: now,
        iat: now,
        exp: now + 300,
      }),
    );
    await refusedEverywhere(target.sut, idToken);
  });

  it('a refresh token is not an access token', async () => {
    expect(await refusal(target.sut, target.session.refresh_token)).toBe('ERR_TOKEN_MALFORMED');
  });

  describe('__proto__ in claims', () => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const escalation = '{"roles":["admin"],"permissions":["keys:read","keys:rotate","users:read"]}';

    function withProto(claims: Record<string, unknown>): string {
      return json(claims).replace(/^\{/, `{"__proto__":${escalation},`);
    }

    it('cannot stand in for missing roles and permissions', async () => {
      const { roles: _roles, permissions: _permissions, ...rest } = target.claims;
      await refusedEverywhere(
        target.sut,
        target.serverSigned(json(target.header), withProto(rest)),
      );
    });

    it('grants nothing when the token also holds its own (empty) grants', async () => {
      const token = target.serverSigned(json(target.header), withProto(target.claims));
      expect((await bearerRequest(target.sut, `Bearer ${token}`)).status).toBe(200);
      const admin = await bearerRequest(target.sut, `Bearer ${token}`, {
        method: 'GET',
        path: '/keys',
      });
      expect(admin.status).toBe(403);
      expect(({} as Record<string, unknown>).roles).toBeUndefined();
    });

    it('signed by anyone else it is just another bad signature', async () => {
      const token = signRaw(
        'RS256',
        attacker.privateKey,
        json(target.header),
        withProto(target.claims),
      );
      await refusedEverywhere(target.sut, token);
    });
  });
});

function deepActor(depth: number): Record<string, unknown> {
  let actor: Record<string, unknown> = { sub: 'client:leaf' };
  for (let level = 0; level < depth; level++) actor = { sub: `client:${level}`, act: actor };
  return actor;
}
