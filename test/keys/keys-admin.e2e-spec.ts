import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../src/config';
import { signJws } from '../../src/keys/jws-sign';
import { KeyStoreService } from '../../src/keys/key-store.service';
import { KeysAdminController } from '../../src/keys/keys-admin.controller';
import { createTestApp, TestApp } from '../support/test-app';

/** The admin routes behind the service's real deny-by-default guard. */
describe(KeysAdminController.name, () => {
  let sut: TestApp;
  let app: TestApp['app'];
  let config: AppConfig;
  let baseUrl: string;

  beforeAll(async () => {
    sut = await createTestApp();
    ({ app, config, baseUrl } = sut);
  });
  afterAll(() => sut.close());

  const tokenWith = (permissions: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    return signJws(
      { typ: 'at+jwt' },
      {
        iss: config.jwt.issuer,
        aud: config.jwt.audience,
        sub: 'admin-1',
        iat: now,
        nbf: now,
        exp: now + 300,
        jti: randomUUID(),
        client_id: 'warden',
        token_use: 'access',
        roles: [],
        permissions,
      },
      app.get(KeyStoreService).getSigningKey(),
    );
  };
  const call = (path: string, token?: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });

  it('refuses anonymous callers and callers without the permission', async () => {
    expect((await call('/keys')).status).toBe(401);
    expect((await call('/keys', tokenWith(['users:read']))).status).toBe(403);
    expect((await call('/keys/rotate', tokenWith(['keys:read']), { method: 'POST' })).status).toBe(
      403,
    );
  });

  it('lists metadata only', async () => {
    const response = await call('/keys', tokenWith(['keys:read']));
    const keys = (await response.json()) as Record<string, unknown>[];

    expect(response.status).toBe(200);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual([
        'activatedAt',
        'alg',
        'createdAt',
        'kid',
        'retireAt',
        'status',
      ]);
    }
  });

  it('rotates once for callers racing on the same active key, then revokes', async () => {
    const token = tokenWith(['keys:rotate']);
    const activeKid = app.get(KeyStoreService).getSigningKey().kid;
    const body = JSON.stringify({ expectedActiveKid: activeKid });

    const results = await Promise.all(
      [1, 2, 3].map(async () => {
        const response = await call('/keys/rotate', token, { method: 'POST', body });
        return (await response.json()) as { rotated: boolean; retiringKid?: string };
      }),
    );

    expect(results.filter((result) => result.rotated)).toHaveLength(1);
    expect(app.get(KeyStoreService).getSigningKey().kid).not.toBe(activeKid);
    const revoke = await call(`/keys/${activeKid}/revoke`, tokenWith(['keys:rotate']), {
      method: 'POST',
      body: JSON.stringify({ reason: 'test' }),
    });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toMatchObject({ kid: activeKid, status: 'revoked' });
    const again = await call(`/keys/${activeKid}/revoke`, tokenWith(['keys:rotate']), {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ERR_KEY_NOT_REVOCABLE' });
  });
});
