import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { APP_CONFIG, AppConfig, parseConfig } from '../../src/config';
import { signJws } from '../../src/keys/jws-sign';
import { KeyStoreService } from '../../src/keys/key-store.service';
import { KeysAdminController } from '../../src/keys/keys-admin.controller';
import { KeysModule } from '../../src/keys/keys.module';
import { PolicyModule } from '../../src/policy/policy.module';
import { policyOptionsFromConfig } from '../../src/policy/policy-options.from-config';
import { TEST_ENV } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(60000);

/**
 * The admin routes behind the real deny-by-default guard. KeysModule does not register the
 * controller until the service composes PolicyModule; this app composes both explicitly.
 */
describe(KeysAdminController.name, () => {
  let app: NestFastifyApplication;
  let config: AppConfig;
  let baseUrl: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    config = parseConfig({ ...TEST_ENV, KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot({ config, databaseUrl: database.url }),
        PolicyModule.forRootAsync({
          imports: [KeysModule],
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => policyOptionsFromConfig(appConfig),
        }),
        KeysModule,
      ],
      controllers: [KeysAdminController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
      logger: false,
    });
    await configureApp(app, config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

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
