import { createPrivateKey } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Client } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { signJws } from '../../src/keys/jws-sign';
import { KeyStoreService } from '../../src/keys/key-store.service';
import { SigningAlgorithm } from '../../src/keys/signing-key';
import { createTestDatabase } from '../support/test-database';
import { eventually } from '../support/timing';
import { KeyServices, newEncryptionKey, openKeyServices, readKeyRows } from './key-services';

const ALGORITHMS: SigningAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256', 'HS512'];
const WEEK = 7 * 24 * 3600;

describe(KeyStoreService.name, () => {
  let database: { url: string; drop: () => Promise<void> };
  const opened: KeyServices[] = [];
  const open = async (...args: Parameters<typeof openKeyServices>): Promise<KeyServices> => {
    const services = await openKeyServices(...args);
    opened.push(services);
    return services;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((services) => services.close()));
    await database.drop();
  });

  it.each(ALGORITHMS)(
    'round-trips a %s key: generated and sealed by one process, signing in another, verified by jose',
    async (alg) => {
      const encryptionKey = newEncryptionKey();
      const first = await open(database.url, { encryptionKey, env: { SIGNING_ALG: alg } });
      await first.start();
      await first.close();
      opened.splice(opened.indexOf(first), 1);

      const replica = await open(database.url, { encryptionKey, env: { SIGNING_ALG: alg } });
      await replica.start();
      const sut = replica.store;
      const now = Math.floor(Date.now() / 1000);
      const signingKey = sut.getSigningKey();
      const token = signJws({ typ: 'at+jwt' }, { sub: 'u1', exp: now + 60 }, signingKey);

      expect(signingKey.alg).toBe(alg);
      if (alg.startsWith('HS')) {
        expect(sut.getJwks().keys).toEqual([]);
        const key = sut.getVerificationKey(signingKey.kid)!.key;
        await expect(jwtVerify(token, key, { algorithms: [alg] })).resolves.toBeDefined();
      } else {
        const jwks = createLocalJWKSet(sut.getJwks());
        const { protectedHeader } = await jwtVerify(token, jwks, { algorithms: [alg] });
        expect(protectedHeader.kid).toBe(signingKey.kid);
      }
    },
  );

  it.each(['RS256', 'ES256', 'EdDSA', 'HS512'] as SigningAlgorithm[])(
    'never stores a %s private key in clear',
    async (alg) => {
      const encryptionKey = newEncryptionKey();
      const replica = await open(database.url, { encryptionKey, env: { SIGNING_ALG: alg } });
      await replica.start();
      const { store } = replica;

      const secrets = privateForms(store.getSigningKey().privateKey, alg);
      for (const row of await readKeyRows(database.url)) {
        const raw = JSON.stringify(row) + row.private_key_enc.toString('latin1');
        for (const secret of secrets) expect(raw.includes(secret)).toBe(false);
        expect(row.public_jwk).not.toHaveProperty('d');
        expect(row.public_jwk).not.toHaveProperty('k');
      }
    },
  );

  it('refuses to load keys sealed under another encryption key, and creates none', async () => {
    const first = await open(database.url, {});
    await first.start();
    const before = await readKeyRows(database.url);

    const sut = await open(database.url, {});

    await expect(sut.start()).rejects.toMatchObject({ code: 'ERR_KEY_DECRYPTION' });
    expect(sut.store.isReady()).toBe(false);
    expect(await readKeyRows(database.url)).toHaveLength(before.length);
  });

  it('makes exactly one rotation when N processes rotate the same active key at once', async () => {
    const encryptionKey = newEncryptionKey();
    const replicas = await Promise.all(
      Array.from({ length: 6 }, () => open(database.url, { encryptionKey })),
    );
    await replicas[0].rotation.ensureInitialKeys();
    const [{ kid: activeKid }] = (await readKeyRows(database.url)).filter(
      (row) => row.status === 'active',
    );

    const results = await Promise.all(
      replicas.map((replica, index) =>
        replica.rotation.rotate({
          reason: 'manual',
          actor: `test-${index}`,
          expectedActiveKid: activeKid,
        }),
      ),
    );

    expect(results.filter((result) => result.rotated)).toHaveLength(1);
    const rows = await readKeyRows(database.url);
    expect(rows.filter((row) => row.status === 'active')).toHaveLength(1);
    expect(rows.filter((row) => row.status === 'next')).toHaveLength(1);
    expect(rows.map((row) => row.status).sort()).toEqual(['active', 'next', 'retiring']);
    expect(await auditCount(database.url, 'key.rotated')).toBe(1);
  });

  it('makes exactly one scheduled rotation when N replicas find the key due at once', async () => {
    const encryptionKey = newEncryptionKey();
    const clock = new FakeClock();
    const replicas = await Promise.all(
      Array.from({ length: 5 }, () => open(database.url, { encryptionKey, clock })),
    );
    await replicas[0].rotation.ensureInitialKeys();
    clock.advance(WEEK + 1);

    const results = await Promise.all(
      replicas.map((replica) =>
        replica.rotation.rotate({ reason: 'scheduled', actor: 'system', onlyIfDue: true }),
      ),
    );

    expect(results.filter((result) => result.rotated)).toHaveLength(1);
    expect(await auditCount(database.url, 'key.rotated')).toBe(1);
  });

  it('sees a rotation made by another replica through NOTIFY, long before its poll', async () => {
    const encryptionKey = newEncryptionKey();
    const env = { KEY_RELOAD_INTERVAL: '300' };
    const other = await open(database.url, { encryptionKey, env });
    const replica = await open(database.url, { encryptionKey, env });
    await replica.start();
    const sut = replica.store;
    await eventually(() => expect(listenerCount(sut)).toBe(true));

    const result = await other.rotation.rotate({ reason: 'manual', actor: 'test' });

    await eventually(() => expect(sut.getSigningKey().kid).toBe(result.activeKid));
    expect(sut.getVerificationKey(result.nextKid)?.status).toBe('next');
    // Nothing was removed: the key rotated out still verifies, and is still published.
    expect(sut.getVerificationKey(result.retiringKid!)?.status).toBe('retiring');
    expect(sut.getJwks().keys.map((key) => key.kid)).toContain(result.retiringKid);
  });

  it('reconnects its listener quietly after losing the connection', async () => {
    const encryptionKey = newEncryptionKey();
    const env = { KEY_RELOAD_INTERVAL: '300' };
    const other = await open(database.url, { encryptionKey, env });
    const replica = await open(database.url, { encryptionKey, env });
    await replica.start();
    const sut = replica.store;
    await eventually(() => expect(listenerCount(sut)).toBe(true));

    await terminateListeners(database.url);
    await eventually(() => expect(listenerCount(sut)).toBe(false));
    await eventually(() => expect(listenerCount(sut)).toBe(true), 10000);
    const result = await other.rotation.rotate({ reason: 'manual', actor: 'test' });

    await eventually(() => expect(sut.getSigningKey().kid).toBe(result.activeKid));
  });
});

/** The encodings a leaked private key could take in a row. */
function privateForms(privateKey: ReturnType<typeof createPrivateKey>, alg: string): string[] {
  if (alg.startsWith('HS')) {
    const secret = privateKey.export();
    return [secret.toString('base64'), secret.toString('base64url'), secret.toString('latin1')];
  }
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const { d } = privateKey.export({ format: 'jwk' });
  const dBytes = Buffer.from(d!, 'base64url');
  return [der.toString('latin1'), der.toString('base64'), d!, dBytes.toString('latin1')];
}

function listenerCount(store: KeyStoreService): boolean {
  return (store as unknown as { watcher?: { listening: boolean } }).watcher?.listening ?? false;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function terminateListeners(url: string): Promise<void> {
  await withClient(url, (client) =>
    client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'warden-keys-listener' AND datname = current_database()`,
    ),
  );
}

async function auditCount(url: string, type: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ count: string }>(
      'SELECT count(*) FROM audit_events WHERE type = $1',
      [type],
    );
    return Number(rows[0].count);
  });
}
