import { randomBytes } from 'node:crypto';
import { startService } from '../support/service-process';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { account, register } from '../users/users.factory';
import {
  authedPost,
  bodyOf,
  loginOk,
  registeredAccount,
  SESSION_ENV,
} from '../tokens/session.fixtures';

/** OWASP ASVS 5 V6.2.4: the shipped list of common passwords is refused wherever one is set. */
describe('common passwords', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp(SESSION_ENV);
  });
  afterAll(() => sut.close());

  it.each(['password', 'Password1', 'qwerty123', 'iloveyou', 'FOOTBALL'])(
    'refuses %s at registration with 400 and a clear message',
    async (password) => {
      const response = await register(sut, account({ password }));
      expect(response.status).toBe(400);
      const body = await bodyOf(response);
      expect(body).toMatchObject({ code: 'ERR_INVALID_PASSWORD' });
      expect(String(body.message)).toMatch(/most commonly used passwords/);
    },
  );

  it('refuses one as a new password, leaving the old one in place', async () => {
    const who = await registeredAccount(sut);
    const pair = await loginOk(sut, who);
    const response = await authedPost(sut, '/auth/password', pair.access_token, {
      currentPassword: who.password,
      newPassword: 'sunshine1',
    });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toMatchObject({ code: 'ERR_INVALID_PASSWORD' });
    await loginOk(sut, who);
  });

  it('refuses one as ADMIN_PASSWORD: start-up stops with the reason', async () => {
    const database = await createTestDatabase();
    try {
      const service = await startService({
        DATABASE_URL: database.url,
        KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'password123',
      });
      expect(await service.exited).toBe(1);
      expect(service.output()).toMatch(/ADMIN_PASSWORD is not acceptable: .*most commonly used/);
    } finally {
      await database.drop();
    }
  });
});
