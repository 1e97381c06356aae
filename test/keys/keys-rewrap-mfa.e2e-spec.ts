import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { decryptPrivateKey } from '../../src/keys/key-encryption';
import { rewrapKeys } from '../../src/keys/key-rewrap';
import { KeyDecryptionError } from '../../src/keys/keys.errors';
import { TotpSecretDecryptionError } from '../../src/mfa/totp-secret.rewrap';
import { openTotpSecret, sealTotpSecret } from '../../src/mfa/totp-secret.seal';
import { createTestDatabase } from '../support/test-database';
import { account } from '../users/users.factory';
import { KeyServices, newEncryptionKey, openKeyServices, readKeyRows } from './key-services';

interface TotpRow {
  user_id: string;
  secret_enc: Buffer;
  confirmed_at: Date | null;
  last_used_step: string | null;
}

const SECRET_1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SECRET_2 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** The raw mfa_totp rows, read outside the application code. */
async function readTotpRows(databaseUrl: string): Promise<TotpRow[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<TotpRow>('SELECT * FROM mfa_totp ORDER BY user_id');
    return rows;
  } finally {
    await client.end();
  }
}

describe('keys:rewrap and the TOTP secrets (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let services: KeyServices;
  const keyA = newEncryptionKey();
  const keyB = newEncryptionKey();

  beforeEach(async () => {
    database = await createTestDatabase();
    services = await openKeyServices(database.url, { encryptionKey: keyA });
    await services.start();
  });
  afterEach(async () => {
    await services.close();
    await database.drop();
  });

  const insertUser = async (id: string): Promise<void> => {
    const { username, email } = account();
    await services.dataSource.query(
      `INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, 'x')`,
      [id, username, email],
    );
  };
  const insertFactor = async (userId: string, sealed: Buffer, confirmed: boolean) => {
    await insertUser(userId);
    await services.dataSource.query(
      `INSERT INTO mfa_totp (user_id, secret_enc, confirmed_at, last_used_step)
       VALUES ($1, $2, $3, $4)`,
      [userId, sealed, confirmed ? new Date() : null, confirmed ? 59_000_000 : null],
    );
  };
  /** Two ids in the order the rewrap visits them (uuid order is the hex strings' order). */
  const twoIds = (): [string, string] => {
    const ids = [randomUUID(), randomUUID()].sort();
    return [ids[0], ids[1]];
  };

  it('re-seals confirmed and pending secrets under the new key, with the signing keys', async () => {
    const [confirmed, pending] = twoIds();
    await insertFactor(confirmed, sealTotpSecret(SECRET_1, keyA, confirmed), true);
    await insertFactor(pending, sealTotpSecret(SECRET_2, keyA, pending), false);
    const before = await readTotpRows(database.url);

    const moved = await rewrapKeys(services.dataSource, services.repository, keyA, keyB);

    expect(moved).toEqual({ signingKeys: 2, totpSecrets: 2 });
    const after = await readTotpRows(database.url);
    expect(after.map((row) => row.user_id)).toEqual([confirmed, pending]);
    expect(openTotpSecret(after[0].secret_enc, keyB, confirmed)).toBe(SECRET_1);
    expect(openTotpSecret(after[1].secret_enc, keyB, pending)).toBe(SECRET_2);
    for (const row of after) {
      expect(() => openTotpSecret(row.secret_enc, keyA, row.user_id)).toThrow(KeyDecryptionError);
    }
    // Only the sealed secret changes: confirmation and the replay guard stay as they were.
    expect(
      after.map(({ confirmed_at, last_used_step }) => ({ confirmed_at, last_used_step })),
    ).toEqual(before.map(({ confirmed_at, last_used_step }) => ({ confirmed_at, last_used_step })));
    for (const row of await readKeyRows(database.url)) {
      expect(decryptPrivateKey(row.private_key_enc, keyB, row.kid).length).toBeGreaterThan(0);
      expect(() => decryptPrivateKey(row.private_key_enc, keyA, row.kid)).toThrow(
        KeyDecryptionError,
      );
    }
  });

  it('moves nothing when one secret does not open under the current key', async () => {
    const [good, stray] = twoIds();
    // The good row comes first, so its update runs before the failure and must be rolled back.
    await insertFactor(good, sealTotpSecret(SECRET_1, keyA, good), true);
    await insertFactor(stray, sealTotpSecret(SECRET_2, newEncryptionKey(), stray), true);
    const keysBefore = await readKeyRows(database.url);
    const totpBefore = await readTotpRows(database.url);

    const failure = rewrapKeys(services.dataSource, services.repository, keyA, keyB);

    await expect(failure).rejects.toBeInstanceOf(TotpSecretDecryptionError);
    await expect(failure).rejects.toMatchObject({ userId: stray });
    const keysAfter = await readKeyRows(database.url);
    expect(keysAfter.map((row) => [row.kid, row.private_key_enc])).toEqual(
      keysBefore.map((row) => [row.kid, row.private_key_enc]),
    );
    for (const row of keysAfter) {
      expect(() => decryptPrivateKey(row.private_key_enc, keyA, row.kid)).not.toThrow();
    }
    const totpAfter = await readTotpRows(database.url);
    expect(totpAfter).toEqual(totpBefore);
    expect(openTotpSecret(totpAfter[0].secret_enc, keyA, good)).toBe(SECRET_1);
    expect(() => openTotpSecret(totpAfter[0].secret_enc, keyB, good)).toThrow(KeyDecryptionError);
  });
});
