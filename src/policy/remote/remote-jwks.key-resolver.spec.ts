import { generateKeyPairSync, JsonWebKey, randomBytes } from 'node:crypto';
import { RemoteJwksKeyResolver, RemoteJwksOptions } from './remote-jwks.key-resolver';

const URI = 'https://warden.test/.well-known/jwks.json';

function publicJwk(kid: string, overrides: Record<string, unknown> = {}): JsonWebKey {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig', ...overrides };
}

/** A JWKS endpoint the test controls: its keys, headers and availability, and a request count. */
class FakeJwksEndpoint {
  keys: JsonWebKey[] = [];
  cacheControl = 'public, max-age=300';
  down = false;
  requests = 0;
  /** While set, responses wait for release() (to observe concurrent callers). */
  private gate?: Promise<void>;
  private open?: () => void;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  readonly fetch = async (): Promise<Response> => {
    this.requests++;
    if (this.gate) await this.gate;
    if (this.down) throw new TypeError('fetch failed: ECONNREFUSED');
    return new Response(JSON.stringify({ keys: this.keys }), {
      headers: { 'content-type': 'application/json', 'cache-control': this.cacheControl },
    });
  };
}

function setup(options: Partial<RemoteJwksOptions> = {}) {
  const endpoint = new FakeJwksEndpoint();
  let nowMs = Date.UTC(2026, 0, 1);
  const sut = new RemoteJwksKeyResolver({
    jwksUri: URI,
    algorithms: ['RS256', 'ES256'],
    cooldown: 30,
    cacheMaxAge: 600,
    now: () => nowMs,
    fetch: endpoint.fetch,
    ...options,
  });
  const advance = (seconds: number): void => {
    nowMs += seconds * 1000;
  };
  return { sut, endpoint, advance };
}

describe(RemoteJwksKeyResolver.name, () => {
  const keyA = publicJwk('key-a');
  const keyB = publicJwk('key-b');

  it('loads each key once and then answers known kids synchronously', async () => {
    const { sut, endpoint } = setup();
    endpoint.keys = [keyA];

    const first = await sut.resolve('key-a');
    const second = sut.resolve('key-a');

    expect(first).toMatchObject({ kid: 'key-a', alg: 'RS256' });
    expect(second).toBe(first);
    expect(sut.fetchCount).toBe(1);
  });

  it('refetches once the response max-age passed, bounded by cacheMaxAge', async () => {
    const { sut, endpoint, advance } = setup({ cacheMaxAge: 100 });
    endpoint.keys = [keyA];
    endpoint.cacheControl = 'max-age=3600';
    await sut.resolve('key-a');

    advance(99);
    expect(sut.resolve('key-a')).toMatchObject({ kid: 'key-a' });
    expect(sut.fetchCount).toBe(1);

    advance(2);
    await sut.resolve('key-a');
    expect(sut.fetchCount).toBe(2);
  });

  it('honours a max-age shorter than cacheMaxAge', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    endpoint.cacheControl = 'max-age=60';
    await sut.resolve('key-a');

    advance(61);
    await sut.resolve('key-a');

    expect(sut.fetchCount).toBe(2);
  });

  it('keeps the KeyObject of an unchanged key across refetches', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    const before = await sut.resolve('key-a');

    advance(301);
    endpoint.keys = [keyA, keyB];
    const after = await sut.resolve('key-a');

    expect(after?.key).toBe(before?.key);
  });

  it('shares one fetch among concurrent requests for an unknown kid', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    await sut.resolve('key-a');
    advance(31);
    endpoint.keys = [keyA, keyB];
    endpoint.hold();

    const answers = Array.from({ length: 20 }, () => sut.resolve('key-b'));
    endpoint.release();
    const resolved = await Promise.all(answers.map((answer) => Promise.resolve(answer)));

    expect(resolved.every((key) => key?.kid === 'key-b')).toBe(true);
    expect(endpoint.requests).toBe(2);
  });

  it('refetches for an unknown kid at most once per cooldown', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    await sut.resolve('key-a');

    for (let index = 0; index < 1000; index++) {
      expect(await sut.resolve(randomBytes(8).toString('hex'))).toBeUndefined();
    }
    expect(sut.fetchCount).toBe(1);

    advance(31);
    for (let index = 0; index < 1000; index++) await sut.resolve(`garbage-${index}`);
    expect(sut.fetchCount).toBe(2);
  });

  it('remembers an unknown kid until the next fetch may happen', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    await sut.resolve('key-a');
    advance(31);
    expect(await sut.resolve('key-b')).toBeUndefined();
    expect(sut.fetchCount).toBe(2);

    endpoint.keys = [keyA, keyB];
    advance(10);
    expect(await sut.resolve('key-b')).toBeUndefined();
    advance(21);
    expect(await sut.resolve('key-b')).toMatchObject({ kid: 'key-b' });
  });

  it('serves the last good key set while the endpoint is down, and reports it', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    const key = await sut.resolve('key-a');
    endpoint.down = true;

    advance(301);
    expect(await sut.resolve('key-a')).toBe(key);
    advance(31);
    expect(await sut.resolve('key-a')).toBe(key);

    expect(sut.status()).toMatchObject({
      lastFetchOk: false,
      keyCount: 1,
      consecutiveFailures: 2,
      fetchCount: 3,
    });

    endpoint.down = false;
    advance(31);
    await sut.resolve('key-a');
    expect(sut.status()).toMatchObject({ lastFetchOk: true, consecutiveFailures: 0 });
  });

  it('keeps the last good set when the endpoint serves no usable key', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA];
    await sut.resolve('key-a');

    endpoint.keys = [];
    advance(301);

    expect(await sut.resolve('key-a')).toMatchObject({ kid: 'key-a' });
    expect(sut.status().lastFetchOk).toBe(false);
  });

  it('drops a key that left the set', async () => {
    const { sut, endpoint, advance } = setup();
    endpoint.keys = [keyA, keyB];
    await sut.resolve('key-a');

    endpoint.keys = [keyB];
    advance(301);

    expect(await sut.resolve('key-a')).toBeUndefined();
  });

  it('never loads HMAC keys, non-signature keys, keys of other algorithms or private keys', async () => {
    const { sut, endpoint } = setup();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    endpoint.keys = [
      keyA,
      { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'hs', alg: 'HS256', use: 'sig' },
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
    const { createHash } = await import('node:crypto');
    const thumbprint = createHash('sha256')
      .update(JSON.stringify({ e: pinned.e, kty: pinned.kty, n: pinned.n }))
      .digest('base64url');
    const { sut, endpoint } = setup({ allowedThumbprints: [thumbprint] });
    endpoint.keys = [keyA, pinned];

    await sut.refresh();

    expect(sut.status().kids).toEqual(['pinned']);
  });
});
