import { createSecretKey } from 'node:crypto';
import {
  AUDIENCE,
  claims,
  encodeSegment,
  hmacToken,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
  TestKey,
} from '../../test/token-factory';
import { UnknownKidError } from '../errors/token.errors';
import type { RevocationChecker } from '../revocation-checker';
import { AccessTokenVerifier } from './access-token.verifier';
import type { AccessTokenVerifierOptions } from './access-token-verifier.options';
import { JWS_ALGORITHMS } from './jws-header.check';

const keys = Object.fromEntries(JWS_ALGORITHMS.map((alg) => [alg, testKey(alg)])) as Record<
  (typeof JWS_ALGORITHMS)[number],
  TestKey
>;

function verifier(
  overrides: Partial<AccessTokenVerifierOptions> = {},
  resolver = new InMemoryKeyResolver(...Object.values(keys)),
  revocations?: RevocationChecker,
): { sut: AccessTokenVerifier; resolver: InMemoryKeyResolver; clock: { now: number } } {
  const clock = { now: NOW };
  const sut = new AccessTokenVerifier(
    {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: JWS_ALGORITHMS,
      clockTolerance: 0,
      maxTokenTtl: 3600,
      now: () => clock.now,
      ...overrides,
    },
    resolver,
    revocations,
  );
  return { sut, resolver, clock };
}

describe(AccessTokenVerifier.name, () => {
  describe.each(JWS_ALGORITHMS)('with %s', (alg) => {
    it('accepts a well-formed token and builds the principal', async () => {
      const { sut } = verifier();

      const principal = await sut.verify(signToken(keys[alg]));

      expect(principal).toMatchObject({
        sub: 'user-1',
        username: 'alice',
        roles: ['user'],
        tokenUse: 'access',
        clientId: 'warden',
      });
      expect(Object.isFrozen(principal.claims)).toBe(true);
    });

    it('refuses a token whose payload was altered after signing', async () => {
      const { sut } = verifier();
      const [header, , signature] = signToken(keys[alg]).split('.');
      const forged = `${header}.${encodeSegment(claims({ roles: ['admin'] }))}.${signature}`;

      await expect(sut.verify(forged)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    });

    it('refuses a token signed by another key under the same kid', async () => {
      const { sut } = verifier();
      const impostor = { ...testKey(alg), kid: keys[alg].kid };

      await expect(sut.verify(signToken(impostor))).rejects.toMatchObject({
        code: 'ERR_TOKEN_INVALID',
      });
    });
  });

  it('accepts a delegated token and exposes the actor chain', async () => {
    const { sut } = verifier();
    const act = { sub: 'client:reports', act: { sub: 'client:gateway' } };

    const principal = await sut.verify(
      signToken(keys.ES256, claims({ token_use: 'delegated', act })),
    );

    expect(principal.actor).toEqual(act);
  });

  describe('header rules', () => {
    it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %s, signed or not', async (alg) => {
      const { sut } = verifier();
      const header = encodeSegment({ alg, kid: keys.RS256.kid, typ: 'at+jwt' });
      const unsigned = `${header}.${encodeSegment(claims())}.`;
      const withJunk = `${header}.${encodeSegment(claims())}.AAAA`;

      await expect(sut.verify(unsigned)).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
      await expect(sut.verify(withJunk)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    });

    it('refuses an alg left out of the allow-list', async () => {
      const { sut } = verifier({ algorithms: ['ES256'] });

      await expect(sut.verify(signToken(keys.RS256))).rejects.toMatchObject({
        code: 'ERR_TOKEN_INVALID',
      });
    });

    it('refuses a header alg that differs from the key alg', async () => {
      const { sut } = verifier();
      const token = signToken(keys.PS256, claims(), {
        alg: 'PS256',
        kid: keys.RS256.kid,
        typ: 'at+jwt',
      });

      await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    });

    describe('HS256 keyed with the RSA public key (algorithm confusion)', () => {
      const publicKey = keys.RS256.verificationKey;
      const header = { alg: 'HS256', kid: keys.RS256.kid, typ: 'at+jwt' };
      const encodings: [string, Buffer | string][] = [
        ['PEM', publicKey.export({ type: 'spki', format: 'pem' })],
        ['DER', publicKey.export({ type: 'spki', format: 'der' })],
        ['JWK', JSON.stringify(publicKey.export({ format: 'jwk' }))],
        ['PKCS#1 PEM', publicKey.export({ type: 'pkcs1', format: 'pem' })],
      ];

      it.each(encodings)('refuses it with the %s encoding', async (_name, secret) => {
        const { sut } = verifier();

        await expect(sut.verify(hmacToken(secret, header, claims()))).rejects.toMatchObject({
          code: 'ERR_TOKEN_INVALID',
        });
      });

      it('refuses it even when a resolver wrongly labels the public key HS256', async () => {
        const resolver = new InMemoryKeyResolver();
        resolver.add({ kid: keys.RS256.kid, alg: 'HS256', key: publicKey });
        const { sut } = verifier({}, resolver);
        const pem = publicKey.export({ type: 'spki', format: 'pem' });

        await expect(sut.verify(hmacToken(pem, header, claims()))).rejects.toMatchObject({
          code: 'ERR_TOKEN_INVALID',
        });
      });
    });

    it.each([
      ['missing', undefined],
      ['JWT', 'JWT'],
      ['jwt', 'jwt'],
      ['a number', 1],
    ])('refuses typ %s', async (_name, typ) => {
      const { sut } = verifier();
      const token = signToken(keys.ES256, claims(), { alg: 'ES256', kid: keys.ES256.kid, typ });

      await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    });

    it.each(['at+JWT', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT'])(
      'accepts typ %s (RFC 7515 §4.1.9: case-insensitive media type)',
      async (typ) => {
        const { sut } = verifier();
        const token = signToken(keys.ES256, claims(), { alg: 'ES256', kid: keys.ES256.kid, typ });

        await expect(sut.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
      },
    );

    it.each([
      ['crit', { crit: ['exp'] }],
      ['empty crit', { crit: [] }],
      ['jku', { jku: 'https://evil.example/jwks' }],
      ['x5u', { x5u: 'https://evil.example/cert' }],
      ['jwk', { jwk: keys.ES256.verificationKey.export({ format: 'jwk' }) }],
      ['x5c', { x5c: ['MIIB'] }],
      ['a missing kid', { kid: undefined }],
      ['a numeric kid', { kid: 7 }],
      ['a long kid', { kid: 'k'.repeat(300) }],
    ])('refuses a header with %s', async (_name, extra) => {
      const { sut } = verifier();
      const token = signToken(keys.ES256, claims(), {
        alg: 'ES256',
        kid: keys.ES256.kid,
        typ: 'at+jwt',
        ...extra,
      });

      await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    });

    it('refuses an unknown kid', async () => {
      const { sut } = verifier();
      const stranger = testKey('ES256', 'unknown-kid');

      const refusal = sut.verify(signToken(stranger));

      await expect(refusal).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
      await expect(refusal).rejects.toBeInstanceOf(UnknownKidError);
    });

    it('refuses a key too weak for its algorithm', async () => {
      const weak = testKey('HS256');
      const resolver = new InMemoryKeyResolver();
      const short = createSecretKey(Buffer.alloc(16, 1));
      resolver.add({ kid: weak.kid, alg: 'HS256', key: short });
      const { sut } = verifier({}, resolver);

      await expect(sut.verify(signToken({ ...weak, signingKey: short }))).rejects.toMatchObject({
        code: 'ERR_TOKEN_INVALID',
      });
    });
  });

  // Built without AuthModule (whose start-up check lists the same problems), it checks itself.
  it.each<[string, Partial<AccessTokenVerifierOptions>]>([
    ['an empty issuer', { issuer: '' }],
    ['an empty audience list', { audience: [] }],
    ['an empty algorithm list', { algorithms: [] }],
    ['an unknown algorithm', { algorithms: ['none' as 'RS256'] }],
    ['a clock tolerance above 300 s', { clockTolerance: 301 }],
    ['a zero maxTokenTtl', { maxTokenTtl: 0 }],
  ])('refuses to be built with %s', (_name, overrides) => {
    expect(() => verifier(overrides)).toThrow(TypeError);
  });
});
