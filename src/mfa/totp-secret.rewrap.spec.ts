import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { KeyDecryptionError } from '../keys/keys.errors';
import { rewrapTotpSecrets, TotpSecretDecryptionError } from './totp-secret.rewrap';
import { openTotpSecret, sealTotpSecret } from './totp-secret.seal';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A manager over an in-memory mfa_totp: answers the SELECT, records the UPDATEs. */
function fakeManager(rows: { user_id: string; secret_enc: Buffer }[]) {
  const updates: [string, Buffer][] = [];
  const query = jest.fn((sql: string, parameters?: unknown[]) => {
    if (sql.startsWith('SELECT')) return Promise.resolve(rows);
    const [userId, sealed] = parameters as [string, Buffer];
    updates.push([userId, sealed]);
    return Promise.resolve([]);
  });
  return { manager: { query } as unknown as EntityManager, query, updates };
}

describe(rewrapTotpSecrets.name, () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  it('locks every row, then re-seals each under the new key for the same user', async () => {
    const users = [randomUUID(), randomUUID()];
    const { manager, query, updates } = fakeManager(
      users.map((id) => ({ user_id: id, secret_enc: sealTotpSecret(`${SECRET}${id}`, keyA, id) })),
    );

    expect(await rewrapTotpSecrets(manager, keyA, keyB)).toBe(2);

    expect(query.mock.calls[0][0]).toMatch(/FOR UPDATE/);
    expect(updates.map(([id]) => id)).toEqual(users);
    for (const [id, sealed] of updates) {
      expect(openTotpSecret(sealed, keyB, id)).toBe(`${SECRET}${id}`);
      expect(() => openTotpSecret(sealed, keyA, id)).toThrow(KeyDecryptionError);
    }
  });

  it('throws on a row that does not open under the current key, naming its user', async () => {
    const bad = randomUUID();
    const { manager } = fakeManager([
      { user_id: bad, secret_enc: sealTotpSecret(SECRET, randomBytes(32), bad) },
    ]);

    const failure = rewrapTotpSecrets(manager, keyA, keyB);

    await expect(failure).rejects.toBeInstanceOf(TotpSecretDecryptionError);
    await expect(failure).rejects.toMatchObject({
      code: 'ERR_KEY_DECRYPTION',
      userId: bad,
      message: expect.stringContaining(`second-factor secret of user ${bad}`) as string,
    });
  });

  it('counts zero when nobody has a second factor', async () => {
    const { manager, updates } = fakeManager([]);

    expect(await rewrapTotpSecrets(manager, keyA, keyB)).toBe(0);
    expect(updates).toEqual([]);
  });
});
