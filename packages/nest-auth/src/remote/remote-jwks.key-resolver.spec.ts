import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { publicJwk, remoteJwks, watch } from '../../test/jwks-fakes';
import { RemoteJwksKeyResolver } from './remote-jwks.key-resolver';

describe(RemoteJwksKeyResolver.name, () => {
  const keyA = publicJwk('key-a');
  const keyB = publicJwk('key-b');
  const keyC = publicJwk('key-c');
  const keyD = publicJwk('key-d');

  describe('caching', () => {
    it('loads each key once and then answers known kids synchronously', async () => {
      const { sut, endpoint } = remoteJwks();
      endpoint.keys = [keyA];

      const first = await sut.resolve('key-a');
      const second = sut.resolve('key-a');

      expect(first).toMatchObject({ kid: 'key-a', alg: 'RS256' });
      expect(second).toBe(first);
      expect(sut.fetchCount).toBe(1);
    });

    it('answers a stale known kid at once and refreshes behind it, bounded by cacheMaxAge', async () => {
      const { sut, endpoint, time } = remoteJwks({ cacheMaxAge: 100 });
      endpoint.keys = [keyA];
      endpoint.cacheControl = 'max-age=3600';
      const key = await sut.resolve('key-a');

      await time.advance(99);
      expect(sut.resolve('key-a')).toBe(key);
      expect(sut.fetchCount).toBe(1);

      await time.advance(2);
      expect(sut.resolve('key-a')).toBe(key);
      expect(sut.fetchCount).toBe(2);
    });

    it('honours a max-age shorter than cacheMaxAge', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      endpoint.cacheControl = 'max-age=60';
      await sut.resolve('key-a');

      await time.advance(61);
      void sut.resolve('key-a');

      expect(sut.fetchCount).toBe(2);
    });

    it('revalidates with If-None-Match, and an unchanged key keeps its KeyObject', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      endpoint.etag = '"v1"';
      const before = await sut.resolve('key-a');

      await time.advance(301);
      void sut.resolve('key-a');
      await sut.refresh();
      expect(endpoint.lastHeaders['if-none-match']).toBe('"v1"');
      expect(sut.status()).toMatchObject({ lastFetchOk: true, fetchCount: 2 });

      endpoint.keys = [keyA, keyB];
      endpoint.etag = '"v2"';
      await time.advance(301);
      void sut.resolve('key-a');
      await sut.refresh();

      expect(sut.status().kids).toEqual(['key-a', 'key-b']);
      expect(sut.resolve('key-a')).toBe(before);
    });

    it('never stalls a known kid on a hanging endpoint; the refresh ends on its own timeout', async () => {
      const { sut, endpoint, time } = remoteJwks({ timeoutMs: 5000 });
      endpoint.keys = [keyA];
      const key = await sut.resolve('key-a');
      endpoint.hanging = true;

      await time.advance(301);
      for (let index = 0; index < 100; index++) expect(sut.resolve('key-a')).toBe(key);
      await time.advance(3);
      expect(sut.resolve('key-a')).toBe(key);
      // One refresh, joined rather than restarted once the cooldown passed.
      expect(sut.fetchCount).toBe(2);

      await time.advance(2);
      expect(sut.status()).toMatchObject({ lastFetchOk: false, keyCount: 1 });
      expect(sut.resolve('key-a')).toBe(key);
    });
  });

  describe('unknown kids', () => {
    it('refetches as soon as the last fetch is one cooldown (default 1 s) old', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      await sut.resolve('key-a');
      endpoint.keys = [keyA, keyB];

      await time.advance(1);
      const answer = sut.resolve('key-b');

      expect(sut.fetchCount).toBe(2);
      expect(await answer).toMatchObject({ kid: 'key-b' });
    });

    it('shares one fetch among concurrent requests for an unknown kid', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      await sut.resolve('key-a');
      await time.advance(1);
      endpoint.keys = [keyA, keyB];
      endpoint.hold();

      const answers = Array.from({ length: 20 }, () => sut.resolve('key-b'));
      endpoint.release();
      const resolved = await Promise.all(answers.map((answer) => Promise.resolve(answer)));

      expect(resolved.every((key) => key?.kid === 'key-b')).toBe(true);
      expect(endpoint.requests).toHaveLength(2);
    });

    it('turns a flood of made-up kids into one fetch per cooldown, shared by every waiter', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      await sut.resolve('key-a');
      const madeUp = (): string[] =>
        Array.from({ length: 1000 }, () => randomBytes(8).toString('hex'));

      const kids = madeUp();
      const answers = kids.map((kid) => sut.resolve(kid));
      expect(sut.fetchCount).toBe(1);
      await time.advance(1);
      expect(await Promise.all(answers.map((answer) => Promise.resolve(answer)))).toEqual(
        kids.map(() => undefined),
      );
      expect(sut.fetchCount).toBe(2);

      // Absent from a fetch made after they were asked for: answered at once, no wait, no fetch.
      for (const kid of kids) expect(sut.resolve(kid)).toBeUndefined();
      expect(sut.fetchCount).toBe(2);

      const more = madeUp().map((kid) => sut.resolve(kid));
      await time.advance(1);
      await Promise.all(more.map((answer) => Promise.resolve(answer)));
      expect(sut.fetchCount).toBe(3);
    });

    it('forgets an unknown kid when the next fetch may run', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      await sut.resolve('key-a');
      await time.advance(1);
      expect(await sut.resolve('key-b')).toBeUndefined();
      endpoint.keys = [keyA, keyB];

      await time.advance(0.5);
      expect(sut.resolve('key-b')).toBeUndefined();
      expect(sut.fetchCount).toBe(2);

      await time.advance(0.5);
      expect(await sut.resolve('key-b')).toMatchObject({ kid: 'key-b' });
      expect(sut.fetchCount).toBe(3);
    });

    it('accepts a key created by one rotation and activated by the next, within the cooldown', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA, keyB];
      await sut.resolve('key-a');

      // Rotation 1 makes B sign and publishes C as next; rotation 2 makes C sign. Never fetched.
      await time.advance(0.2);
      endpoint.keys = [keyA, keyB, keyC, keyD];
      const answer = watch(sut.resolve('key-c'));
      await time.advance(0.7);
      expect(answer.state).toBe('pending');
      await time.advance(0.1);

      expect(answer).toMatchObject({ state: 'resolved', value: { kid: 'key-c' } });
      expect(sut.fetchCount).toBe(2);
    });

    it('looks again when the fetch it joined was answered before the rotation', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA, keyB];
      endpoint.hold();
      const first = sut.resolve('key-a');
      const answer = watch(sut.resolve('key-c'));
      endpoint.release();
      await first;
      endpoint.keys = [keyA, keyB, keyC];

      await time.advance(1);

      expect(answer).toMatchObject({ state: 'resolved', value: { kid: 'key-c' } });
      expect(sut.fetchCount).toBe(2);
    });

    it('waits at most waitTimeoutMs; the fetch keeps running to its own timeout', async () => {
      const { sut, endpoint, time } = remoteJwks({ waitTimeoutMs: 2000, timeoutMs: 5000 });
      endpoint.keys = [keyA];
      await sut.resolve('key-a');
      endpoint.hanging = true;
      await time.advance(1);

      const answer = watch(sut.resolve('key-b'));
      await time.advance(1.9);
      expect(answer.state).toBe('pending');
      await time.advance(0.1);

      expect(answer).toMatchObject({
        state: 'rejected',
        value: { code: 'ERR_KEYS_UNAVAILABLE', details: { retryAfter: 1 } },
      });
      expect(sut.status()).toMatchObject({ fetchCount: 2, lastFetchOk: true });
      await time.advance(3);
      expect(sut.status()).toMatchObject({ fetchCount: 2, lastFetchOk: false });
    });

    it('drops a key that left the set', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA, keyB];
      await sut.resolve('key-a');
      endpoint.keys = [keyB];

      await time.advance(301);
      void sut.resolve('key-a');
      await sut.refresh();
      const answer = sut.resolve('key-a');
      await time.advance(1);

      expect(await answer).toBeUndefined();
    });
  });

  describe('what is loaded', () => {
    it('never loads HMAC keys, non-signature keys, keys of other algorithms or private keys', async () => {
      const { sut, endpoint } = remoteJwks();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      endpoint.keys = [
        keyA,
        {
          kty: 'oct',
          k: randomBytes(32).toString('base64url'),
          kid: 'hs',
          alg: 'HS256',
          use: 'sig',
        },
        publicJwk('enc', { use: 'enc' }),
        publicJwk('no-use', { use: undefined }),
        publicJwk('ps', { alg: 'PS256' }),
        { ...privateKey.export({ format: 'jwk' }), kid: 'private', alg: 'RS256', use: 'sig' },
      ];
      await sut.refresh();

      expect(sut.status().kids).toEqual(['key-a']);
    });

    it('loads only pinned thumbprints when allowedThumbprints is set', async () => {
      const pinned = publicJwk('pinned');
      const thumbprint = createHash('sha256')
        .update(JSON.stringify({ e: pinned.e, kty: pinned.kty, n: pinned.n }))
        .digest('base64url');
      const { sut, endpoint } = remoteJwks({ allowedThumbprints: [thumbprint] });
      endpoint.keys = [keyA, pinned];

      await sut.refresh();

      expect(sut.status().kids).toEqual(['pinned']);
    });

    it('asks for a JWK Set and refuses to follow redirects', async () => {
      const { sut, endpoint } = remoteJwks();
      endpoint.keys = [keyA];

      await sut.refresh();

      expect(endpoint.requests[0]).toMatchObject({ redirect: 'error' });
      expect(endpoint.lastHeaders.accept).toContain('application/jwk-set+json');
    });
  });
});
