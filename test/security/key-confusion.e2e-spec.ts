import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { AttackTarget, attackTarget, refusedEverywhere } from './support/attack-target';
import { FetchListener, startFetchListener } from './support/fetch-listener';
import { json, signRaw } from './support/hostile-tokens';

/**
 * Tokens that try to choose their own verification key (RFC 8725 §2.1, §3.1, §3.10): HMAC keyed
 * with the published public key, a key of the attacker's, a key named by URL or embedded in the
 * header. None may verify, and Warden never fetches anything a token points at.
 */
describe('attack suite: key and algorithm confusion', () => {
  let target: AttackTarget;
  let publicJwk: Record<string, unknown>;
  let publicKey: KeyObject;
  let listener: FetchListener;
  let listenerUrl: string;
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    listener = await startFetchListener(() => ({ keys: [attackerJwk()] }));
    listenerUrl = listener.url;
    target = await attackTarget();
    const jwks = (await (await target.sut.request('/.well-known/jwks.json')).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    publicJwk = jwks.keys.find((key) => key.kid === target.header.kid) as Record<string, unknown>;
    publicKey = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  });
  afterAll(async () => {
    await target.sut.close();
    await listener.close();
  });

  function attackerJwk(): Record<string, unknown> {
    return { ...attacker.publicKey.export({ format: 'jwk' }), kid: 'attacker', alg: 'RS256' };
  }

  /** The valid claims under `header`, signed by the attacker's own RSA key. */
  function attackerSigned(header: Record<string, unknown>): string {
    return signRaw('RS256', attacker.privateKey, json(header), json(target.claims));
  }

  describe('HS256/HS512 keyed with the published public key (algorithm confusion)', () => {
    const encodings: Array<[string, () => Buffer | string]> = [
      ['PEM (SPKI)', () => publicKey.export({ format: 'pem', type: 'spki' })],
      ['PEM without its final newline', () => publicPem().trimEnd()],
      ['PEM (PKCS#1)', () => publicKey.export({ format: 'pem', type: 'pkcs1' })],
      ['DER (SPKI)', () => publicKey.export({ format: 'der', type: 'spki' })],
      ['DER (PKCS#1)', () => publicKey.export({ format: 'der', type: 'pkcs1' })],
      ['JWK JSON as published', () => json(publicJwk)],
      ['JWK JSON of the key alone', () => json(publicKey.export({ format: 'jwk' }))],
      ['the modulus bytes', () => Buffer.from(publicJwk.n as string, 'base64url')],
      ['the kid', () => String(target.header.kid)],
    ];

    it.each(encodings)('%s', async (_name, secret) => {
      for (const alg of ['HS256', 'HS512'] as const) {
        const header = json({ ...target.header, alg });
        await refusedEverywhere(target.sut, signRaw(alg, secret(), header, json(target.claims)));
      }
    });

    function publicPem(): string {
      return publicKey.export({ format: 'pem', type: 'spki' }).toString();
    }
  });

  it('an algorithm other than the key’s own, validly formed (PS256 over an RS256 key)', async () => {
    // Signed by the attacker (the server key would sign RS256 only): the alg/kid mismatch decides.
    for (const alg of ['PS256', 'ES256', 'EdDSA']) {
      await refusedEverywhere(target.sut, attackerSigned({ ...target.header, alg }));
    }
  });

  it('a key of the attacker’s under the server’s kid', async () => {
    await refusedEverywhere(target.sut, attackerSigned(target.header));
  });

  describe('keys named or embedded by the token are never used nor fetched', () => {
    const pointers: Array<[string, () => Record<string, unknown>]> = [
      ['jwk (embedded key, server kid)', () => ({ jwk: attackerJwk() })],
      ['jwk (embedded key, its own kid)', () => ({ jwk: attackerJwk(), kid: 'attacker' })],
      ['jku', () => ({ jku: `${listenerUrl}/jwks.json` })],
      ['jku with its own kid', () => ({ jku: `${listenerUrl}/jwks.json`, kid: 'attacker' })],
      ['x5u', () => ({ x5u: `${listenerUrl}/cert.pem` })],
      [
        'x5c',
        () => ({
          x5c: [attacker.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')],
        }),
      ],
      ['x5c and x5u together', () => ({ x5c: ['MIIB'], x5u: `${listenerUrl}/chain` })],
      ['jku with an empty value', () => ({ jku: '' })],
      ['jwk set to null', () => ({ jwk: null })],
    ];

    it.each(pointers)('%s', async (_name, extra) => {
      await refusedEverywhere(target.sut, attackerSigned({ ...target.header, ...extra() }));
      // Also when the server's own key signed it: the header alone is grounds for refusal.
      await refusedEverywhere(target.sut, target.withHeader(extra()));
    });

    it('recorded zero outbound fetches', () => {
      expect(listener.fetches).toEqual([]);
    });
  });

  describe('crit and typ (RFC 7515 §4.1.11, RFC 9068 §2.1, RFC 8725 §3.11)', () => {
    const headers: Array<[string, Record<string, unknown>]> = [
      ['an unknown crit extension', { crit: ['exp'], exp: 1 }],
      ['crit naming an absent member', { crit: ['x-warden'] }],
      ['an empty crit list', { crit: [] }],
      ['crit b64 (RFC 7797)', { crit: ['b64'], b64: false }],
      ['typ missing', { typ: undefined }],
      ['typ JWT (an ID-token-like JWT)', { typ: 'JWT' }],
      ['typ jwt', { typ: 'jwt' }],
      ['typ dpop+jwt', { typ: 'dpop+jwt' }],
      ['typ secevent+jwt', { typ: 'secevent+jwt' }],
      ['typ at+jwt with a suffix', { typ: 'at+jwt; charset=utf-8' }],
      ['typ as an array', { typ: ['at+jwt'] }],
      ['typ empty', { typ: '' }],
    ];

    it.each(headers)('%s, even signed by the server key', async (_name, overrides) => {
      await refusedEverywhere(target.sut, target.withHeader(overrides));
    });
  });
});
