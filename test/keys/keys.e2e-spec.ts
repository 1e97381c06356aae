import { compactVerify, createLocalJWKSet, JSONWebKeySet } from 'jose';
import { FakeClock } from '../../src/common/fake-clock';
import { signJws } from '../../src/keys/jws-sign';
import { KeyRotationJob } from '../../src/keys/key-rotation.job';
import { KeyRotationService } from '../../src/keys/key-rotation.service';
import { KeyStoreService } from '../../src/keys/key-store.service';
import { createTestApp, TestApp } from '../support/test-app';

const WEEK = 7 * 24 * 3600;
const GRACE = 86400;
const PUBLIC_MEMBERS = ['alg', 'crv', 'e', 'kid', 'kty', 'n', 'use', 'x', 'y'];

describe('Keys (HTTP, lifecycle)', () => {
  let sut: TestApp;
  let clock: FakeClock;
  let keyStore: KeyStoreService;
  let rotation: KeyRotationService;
  let job: KeyRotationJob;

  beforeEach(async () => {
    clock = new FakeClock();
    sut = await createTestApp({}, { clock });
    keyStore = sut.app.get(KeyStoreService);
    rotation = sut.app.get(KeyRotationService);
    job = sut.app.get(KeyRotationJob);
  });
  afterEach(() => sut.close());

  const jwks = async (): Promise<JSONWebKeySet> =>
    (await (await sut.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
  const token = (): string =>
    signJws({ typ: 'at+jwt' }, { sub: 'u1', jti: String(Math.random()) }, keyStore.getSigningKey());
  const verify = async (jws: string) => compactVerify(jws, createLocalJWKSet(await jwks()));

  it('starts with an active and a next key, and is ready', async () => {
    const ready = await sut.request('/health/ready');

    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ info: { signingKey: { status: 'up' } } });
    const { keys } = await jwks();
    expect(keys).toHaveLength(2);
    expect(keys[0].kid).toBe(keyStore.getSigningKey().kid);
  });

  it('publishes public members only, cacheable, with an ETag that answers 304', async () => {
    const response = await sut.request('/.well-known/jwks.json');
    const body = (await response.json()) as JSONWebKeySet;
    const etag = response.headers.get('etag')!;

    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (const key of body.keys) {
      expect(PUBLIC_MEMBERS).toEqual(expect.arrayContaining(Object.keys(key)));
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    }
    const again = await sut.request('/.well-known/jwks.json', {
      headers: { 'If-None-Match': `W/${etag}, "other"` },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    await rotation.rotate({ reason: 'manual', actor: 'test' });
    const changed = await sut.request('/.well-known/jwks.json', {
      headers: { 'If-None-Match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('keeps a token verifying across a rotation until retire_at, then drops its key', async () => {
    clock.advance(WEEK + 1);
    const before = token();
    const oldKid = keyStore.getSigningKey().kid;

    const rotated = await job.tick();

    expect(rotated).toMatchObject({ rotated: true, retiringKid: oldKid });
    expect(keyStore.getSigningKey().kid).not.toBe(oldKid);
    await expect(verify(before)).resolves.toBeDefined();
    expect(keyStore.getVerificationKey(oldKid)?.status).toBe('retiring');

    clock.advance(GRACE - 1);
    expect(await job.tick()).toMatchObject({ rotated: false, retiredKids: [] });
    await expect(verify(before)).resolves.toBeDefined();

    clock.advance(1);
    expect(keyStore.getVerificationKey(oldKid)).toBeUndefined();
    expect(await job.tick()).toMatchObject({ retiredKids: [oldKid] });
    await expect(verify(before)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect((await jwks()).keys.map((key) => key.kid)).not.toContain(oldKid);
  });

  it('does not rotate before KEY_ROTATION_INTERVAL', async () => {
    const kid = keyStore.getSigningKey().kid;
    clock.advance(WEEK - 1);

    expect(await job.tick()).toMatchObject({ rotated: false, activeKid: kid });
    expect(keyStore.getSigningKey().kid).toBe(kid);
  });

  it('revokes the active key at once, promoting next so signing never stops', async () => {
    const signed = token();
    const revokedKid = keyStore.getSigningKey().kid;
    const nextKid = (await jwks()).keys[1].kid!;

    await rotation.revoke(revokedKid, { actor: 'test', reason: 'compromised' });

    // Served at once by the replica that revoked (no wait for NOTIFY): gone from both the
    // verification keys and the JWKS, while the promoted key stays.
    expect(keyStore.getVerificationKey(revokedKid)).toBeUndefined();
    expect((await jwks()).keys.map((key) => key.kid)).not.toContain(revokedKid);
    expect(keyStore.getVerificationKey(nextKid)?.status).toBe('active');
    await expect(verify(signed)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(keyStore.getSigningKey().kid).toBe(nextKid);
    await expect(verify(token())).resolves.toBeDefined();
    await expect(rotation.revoke(revokedKid, { actor: 'test' })).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_REVOCABLE',
    });
    await expect(rotation.revoke('no-such-kid', { actor: 'test' })).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_FOUND',
    });
  });
});

describe('Keys (HTTP, shared-secret mode)', () => {
  it('never publishes HS secrets', async () => {
    const sut = await createTestApp({ SIGNING_ALG: 'HS256' });
    try {
      const response = await sut.request('/.well-known/jwks.json');

      expect(await response.json()).toEqual({ keys: [] });
      expect(sut.app.get(KeyStoreService).getSigningKey().alg).toBe('HS256');
    } finally {
      await sut.close();
    }
  });
});
