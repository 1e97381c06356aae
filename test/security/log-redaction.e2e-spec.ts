import type { ServiceProcess } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  call,
  loginAt,
  replicaEnv,
  startReplicas,
} from '../reliability/reliability.fixtures';

// Longer than the global 60 s on purpose: beforeAll starts the compiled service (up to 60 s to
// listen) and runs the whole session flow in the same hook.
jest.setTimeout(90000);

/**
 * OWASP ASVS 5 V16.2.5: the logs of a full session flow, at debug level, hold no password, no
 * token, no Authorization value and no private key material.
 */
describe('log redaction (compiled service, LOG_LEVEL=debug)', () => {
  const secrets: string[] = [];
  let output = '';
  let env: Record<string, string>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    env = replicaEnv(database.url, { LOG_LEVEL: 'debug', LOGIN_MAX_ATTEMPTS: '2' });
    const [service] = await startReplicas(1, env);
    try {
      await fullFlow(service);
    } finally {
      await service.stop();
      output = service.output();
      await database.drop();
    }
  });

  async function fullFlow(service: ServiceProcess): Promise<void> {
    const base = service.baseUrl;
    const username = 'logscan.user';
    const password = 'log scan password 1';
    const newPassword = 'log scan password 2';
    const wrongPassword = 'log scan wrong guess';
    secrets.push(password, newPassword, wrongPassword, ADMIN_PASSWORD, env.KEY_ENCRYPTION_KEY);
    const registered = await call(base, 'POST', '/auth/register', {
      body: { username, email: 'logscan@example.com', password },
    });
    expect(registered.status).toBe(201);
    const first = await loginAt(base, username, password);
    const refreshed = (await (
      await call(base, 'POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } })
    ).json()) as { access_token: string; refresh_token: string };
    // Reuse of the spent refresh token (audited and logged).
    await call(base, 'POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } });
    const second = await loginAt(base, username, password);
    expect((await call(base, 'GET', '/auth/me', { token: second.access_token })).status).toBe(200);
    await call(base, 'GET', '/auth/me', { token: `${second.access_token.slice(0, -3)}AAA` });
    const changed = await call(base, 'POST', '/auth/password', {
      token: second.access_token,
      body: { currentPassword: password, newPassword },
    });
    expect(changed.status).toBe(204);
    const third = await loginAt(base, username, newPassword);
    expect(
      (
        await call(base, 'POST', '/auth/logout', {
          token: third.access_token,
          body: { refresh_token: third.refresh_token },
        })
      ).status,
    ).toBe(200);
    for (let attempt = 0; attempt < 3; attempt++) {
      await call(base, 'POST', '/auth/login', { body: { username, password: wrongPassword } });
    }
    const admin = await loginAt(base, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect(
      (await call(base, 'POST', '/keys/rotate', { token: admin.access_token, body: {} })).status,
    ).toBe(200);
    for (const pair of [first, refreshed, second, third, admin]) {
      secrets.push(pair.access_token, pair.refresh_token);
      // The signature alone identifies a token too.
      secrets.push(pair.access_token.slice(pair.access_token.lastIndexOf('.') + 1));
    }
  }

  it('logged the flow (the scan reads real output)', () => {
    expect(output).toContain('Warden is listening');
    expect(output).toMatch(/"level":20/); // debug lines are there
    expect(output).toContain('/auth/login');
    expect(output).toMatch(/Login failed/);
    expect(output).toMatch(/Rotated signing keys/);
  });

  it('holds no password, token or key encryption key', () => {
    for (const secret of secrets) expect(output.includes(secret)).toBe(false);
  });

  it('holds no Authorization value and no private key material', () => {
    expect(output).not.toMatch(/Bearer\s+eyJ/i);
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    expect(output).not.toContain('"d":');
    expect(output).not.toContain('PRIVATE KEY');
  });
});
