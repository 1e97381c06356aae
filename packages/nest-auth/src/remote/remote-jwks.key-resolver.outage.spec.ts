import { Logger } from '@nestjs/common';
import { publicJwk, remoteJwks, settle } from '../../test/jwks-fakes';
import { AUDIENCE, ISSUER, NOW, signToken, testKey } from '../../test/token-factory';
import { AccessTokenVerifier } from '../jwt/access-token.verifier';
import { KeysUnavailableError } from './remote.errors';
import { RemoteJwksKeyResolver } from './remote-jwks.key-resolver';

const UNAVAILABLE = { code: 'ERR_KEYS_UNAVAILABLE' };

describe(`${RemoteJwksKeyResolver.name} during outages`, () => {
  const keyA = publicJwk('key-a');
  const keyB = publicJwk('key-b');
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Started while the issuer is down: the start-up fetch failed, nothing is held. */
  async function startedDuringOutage(cooldown?: number) {
    const setup = remoteJwks({ cooldown });
    setup.endpoint.down = true;
    setup.sut.onApplicationBootstrap();
    await settle();
    return setup;
  }

  describe('with no keys held', () => {
    it('throws KeysUnavailableError, never undefined, and fetches at most once per cooldown', async () => {
      const { sut, time } = await startedDuringOutage();
      expect(sut.status()).toMatchObject({ lastFetchOk: false, keyCount: 0, fetchCount: 1 });

      await time.advance(0.5);
      await expect(sut.resolve('key-a')).rejects.toBeInstanceOf(KeysUnavailableError);
      expect(sut.fetchCount).toBe(1);

      await time.advance(0.5);
      await expect(sut.resolve('key-a')).rejects.toMatchObject(UNAVAILABLE);
      expect(sut.fetchCount).toBe(2);
    });

    it('sets Retry-After to the seconds until the next fetch may run, at least 1', async () => {
      const { sut, time } = await startedDuringOutage(10);

      await time.advance(2.5);
      await expect(sut.resolve('key-a')).rejects.toMatchObject({ details: { retryAfter: 8 } });
      await time.advance(7.4);
      await expect(sut.resolve('key-a')).rejects.toMatchObject({ details: { retryAfter: 1 } });
    });

    it('retries in the background: 1 s doubling to a cap of 30 s, one warning for the outage', async () => {
      const { sut, time } = await startedDuringOutage();

      const delays: number[] = [];
      for (let retry = 0; retry < 7; retry++) {
        expect(time.pendingDelays).toHaveLength(1);
        delays.push(time.pendingDelays[0]);
        await time.advance(delays[retry] / 1000);
      }

      expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
      expect(sut.status()).toMatchObject({ fetchCount: 8, consecutiveFailures: 8 });
      expect(warn).toHaveBeenCalledTimes(1);
    });

    it('recovers on the next retry, logs it once, and stops retrying', async () => {
      const { sut, endpoint, time } = await startedDuringOutage();
      await time.advance(1);
      endpoint.down = false;
      endpoint.keys = [keyA];

      await time.advance(2);

      expect(sut.resolve('key-a')).toMatchObject({ kid: 'key-a' });
      expect(sut.status()).toMatchObject({ lastFetchOk: true, consecutiveFailures: 0 });
      expect(time.pendingDelays).toEqual([]);
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0][0])).toContain('reachable again after 2 failed fetches');
    });

    it('lets a request fetch once the cooldown passed, without waiting for the backoff', async () => {
      const { sut, endpoint, time } = await startedDuringOutage();
      await time.advance(1);
      await time.advance(2);
      await time.advance(4);
      expect(time.pendingDelays).toEqual([8000]);
      endpoint.down = false;
      endpoint.keys = [keyA];

      await time.advance(1);

      expect(await sut.resolve('key-a')).toMatchObject({ kid: 'key-a' });
      expect(sut.fetchCount).toBe(5);
      expect(time.pendingDelays).toEqual([]);
    });
  });

  describe('with keys held', () => {
    it('serves known kids, answers unknown kids 503 rather than 401, and recovers', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      const key = await sut.resolve('key-a');
      endpoint.down = true;

      await time.advance(301);
      expect(sut.resolve('key-a')).toBe(key);
      await settle();
      expect(sut.status()).toMatchObject({
        lastFetchOk: false,
        keyCount: 1,
        consecutiveFailures: 1,
      });
      await expect(sut.resolve('key-b')).rejects.toMatchObject(UNAVAILABLE);
      // Requests retry once per cooldown; no background retries while keys serve.
      expect(time.pendingDelays).toEqual([]);

      await time.advance(1);
      await expect(sut.resolve('key-b')).rejects.toMatchObject(UNAVAILABLE);
      expect(sut.fetchCount).toBe(3);
      expect(sut.resolve('key-a')).toBe(key);

      endpoint.down = false;
      endpoint.keys = [keyA, keyB];
      await time.advance(1);
      expect(await sut.resolve('key-b')).toMatchObject({ kid: 'key-b' });
      expect(sut.status()).toMatchObject({ lastFetchOk: true, consecutiveFailures: 0 });
      expect(warn).toHaveBeenCalledTimes(1);
    });
  });

  describe('bad answers', () => {
    it('keeps the last good set when the endpoint serves no usable key', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      await sut.resolve('key-a');
      endpoint.keys = [];

      await time.advance(301);
      void sut.resolve('key-a');
      await sut.refresh();

      expect(sut.resolve('key-a')).toMatchObject({ kid: 'key-a' });
      expect(sut.status().lastFetchOk).toBe(false);
    });

    it('refuses a key set over 512 KiB', async () => {
      const { sut, endpoint } = remoteJwks();
      endpoint.body = JSON.stringify({ keys: [keyA], padding: 'x'.repeat(512 * 1024) });

      await sut.refresh();

      expect(sut.status()).toMatchObject({ lastFetchOk: false, keyCount: 0 });
    });
  });

  describe('shutdown', () => {
    it('aborts the fetch in flight and fetches nothing more', async () => {
      const { sut, endpoint, time } = remoteJwks();
      endpoint.keys = [keyA];
      const key = await sut.resolve('key-a');
      endpoint.hanging = true;
      await time.advance(301);
      void sut.resolve('key-a');

      sut.onModuleDestroy();
      await settle();

      expect(sut.status()).toMatchObject({ lastFetchOk: false, fetchCount: 2 });
      expect(time.pendingDelays).toEqual([]);
      await sut.refresh();
      await time.advance(60);
      expect(sut.fetchCount).toBe(2);
      expect(sut.resolve('key-a')).toBe(key);
    });

    it('cancels the background retries', async () => {
      const { sut, time } = await startedDuringOutage();
      expect(time.pendingDelays).toEqual([1000]);

      sut.onApplicationShutdown();
      await time.advance(60);

      expect(time.pendingDelays).toEqual([]);
      expect(sut.fetchCount).toBe(1);
    });
  });

  describe('behind AccessTokenVerifier', () => {
    it('reaches the caller as KeysUnavailableError, and is not remembered as a refusal', async () => {
      const signing = testKey('RS256', 'key-v');
      const jwk = { ...signing.verificationKey.export({ format: 'jwk' }), kid: 'key-v' };
      const { sut: resolver, endpoint, time } = await startedDuringOutage();
      const verifier = new AccessTokenVerifier(
        { issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'], now: () => NOW },
        resolver,
      );
      const token = signToken(signing);

      await expect(verifier.verify(token)).rejects.toBeInstanceOf(KeysUnavailableError);

      endpoint.down = false;
      endpoint.keys = [{ ...jwk, alg: 'RS256', use: 'sig' }];
      await time.advance(1);
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
    });
  });
});
