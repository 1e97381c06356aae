import {
  AUDIENCE,
  claims,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
} from '../../test/token-factory';
import type { AccessTokenClaims } from '../access-token-claims';
import type { RevocationChecker } from '../revocation-checker';
import { AccessTokenVerifier } from './access-token.verifier';

class FakeRevocations implements RevocationChecker {
  readonly revokedJtis = new Set<string>();

  isRevoked(tokenClaims: AccessTokenClaims): boolean {
    return this.revokedJtis.has(tokenClaims.jti);
  }
}

function setup(cacheSize = 100) {
  const key = testKey('ES256');
  const resolver = new InMemoryKeyResolver(key);
  const revocations = new FakeRevocations();
  const clock = { now: NOW };
  const sut = new AccessTokenVerifier(
    {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
      clockTolerance: 0,
      cacheSize,
      now: () => clock.now,
    },
    resolver,
    revocations,
  );
  return { sut, key, resolver, revocations, clock };
}

describe(`${AccessTokenVerifier.name} cache`, () => {
  it('skips the signature check for a token it has verified', async () => {
    const { sut, key } = setup();
    const token = signToken(key);

    const first = await sut.verify(token);
    const second = await sut.verify(token);

    expect(second).toBe(first);
    expect(sut.stats).toEqual({ cacheHits: 1, signatureChecks: 1 });
  });

  it('refuses a cached token once it expires', async () => {
    const { sut, key, clock } = setup();
    const token = signToken(key);
    await sut.verify(token);

    clock.now = NOW + 900;

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    expect(sut.cachedTokens).toBe(0);
  });

  it('refuses a cached token once it is revoked', async () => {
    const { sut, key, revocations } = setup();
    const token = signToken(key);
    await sut.verify(token);

    revocations.revokedJtis.add('jti-1');

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
  });

  it('refuses a cached token once its key is gone', async () => {
    const { sut, key, resolver } = setup();
    const token = signToken(key);
    await sut.verify(token);

    resolver.keys.delete(key.kid);

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });

  it('verifies again when the kid now resolves to another key object', async () => {
    const { sut, key, resolver } = setup();
    const token = signToken(key);
    await sut.verify(token);

    resolver.add(testKey('ES256', key.kid));

    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    expect(sut.stats.signatureChecks).toBe(2);
  });

  it('drops the entries of one kid', async () => {
    const { sut, key, resolver } = setup();
    const other = testKey('ES256', 'other-kid');
    resolver.add(other);
    await sut.verify(signToken(key));
    await sut.verify(signToken(key, claims({ jti: 'jti-2' })));
    await sut.verify(signToken(other));

    expect(sut.dropKid(key.kid)).toBe(2);
    expect(sut.cachedTokens).toBe(1);
  });

  it('never caches a refused token', async () => {
    const { sut, key, revocations } = setup();
    revocations.revokedJtis.add('jti-1');

    await expect(sut.verify(signToken(key))).rejects.toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
    expect(sut.cachedTokens).toBe(0);
  });

  it('stays within its bound, evicting the least recently used token', async () => {
    const { sut, key } = setup(2);
    const [a, b, c] = ['a', 'b', 'c'].map((jti) => signToken(key, claims({ jti })));
    await sut.verify(a);
    await sut.verify(b);
    await sut.verify(a);
    await sut.verify(c);
    const checksBefore = sut.stats.signatureChecks;

    await sut.verify(a);
    await sut.verify(b);

    expect(sut.cachedTokens).toBe(2);
    expect(sut.stats.signatureChecks - checksBefore).toBe(1);
  });

  it('does not serve a cached token to a copy whose signature differs', async () => {
    const { sut, key } = setup();
    const token = signToken(key);
    await sut.verify(token);
    const [header, payload, signature] = token.split('.');
    const middle = signature.length >> 1;
    const flipped = signature[middle] === 'A' ? 'B' : 'A';
    const forged = `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;

    await expect(sut.verify(forged)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    expect(sut.stats).toEqual({ cacheHits: 0, signatureChecks: 2 });
    await expect(sut.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
  });

  it("does not serve a cached token's signature for another payload", async () => {
    const { sut, key } = setup();
    const token = signToken(key);
    await sut.verify(token);
    const [header, , signature] = token.split('.');
    const other = signToken(key, claims({ sub: 'mallory' })).split('.')[1];

    await expect(sut.verify(`${header}.${other}.${signature}`)).rejects.toMatchObject({
      code: 'ERR_TOKEN_INVALID',
    });
    expect(sut.stats.cacheHits).toBe(0);
  });

  it('answers a cache hit without a promise when resolver and checker are synchronous', async () => {
    const { sut, key } = setup();
    const token = signToken(key);
    const first = await sut.verify(token);

    expect(sut.verifyInline(token)).toBe(first);
  });

  it('rechecks a hit through a resolver and a revocation check that answer with promises', async () => {
    const key = testKey('ES256');
    const keys = new InMemoryKeyResolver(key);
    const revoked = new Set<string>();
    const sut = new AccessTokenVerifier(
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], now: () => NOW },
      { resolve: (kid) => Promise.resolve(keys.resolve(kid)) },
      { isRevoked: (tokenClaims) => Promise.resolve(revoked.has(tokenClaims.sub)) },
    );
    const token = signToken(key);
    const first = await sut.verify(token);

    const hit = sut.verifyInline(token);
    expect(hit).toBeInstanceOf(Promise);
    await expect(hit).resolves.toBe(first);
    // A subject cut-off, as a denylist of subjects would hold it: the hit is refused.
    revoked.add('user-1');
    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_REVOKED' });
    keys.keys.delete(key.kid);
    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
    expect(sut.stats).toEqual({ cacheHits: 1, signatureChecks: 1 });
  });

  it('rejects rather than throws from verify when a cached token has expired', async () => {
    const { sut, key, clock } = setup();
    const token = signToken(key);
    await sut.verify(token);
    clock.now = NOW + 900;

    const answer = sut.verify(token);

    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
  });
});
