import { Client } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { CredentialsService } from '../../src/users/credentials.service';
import { createTestApp, TestApp } from '../support/test-app';
import { account, AccountFixture, register } from './users.factory';

const MAX_ATTEMPTS = 3;
const LOCK_SECONDS = 120;

describe(CredentialsService.name, () => {
  let app: TestApp;
  let sut: CredentialsService;
  const clock = new FakeClock();

  async function registered(
    overrides: Partial<AccountFixture> = {},
  ): Promise<AccountFixture & { id: string }> {
    const fixture = account(overrides);
    const response = await register(app, fixture);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    return { ...fixture, id };
  }

  beforeAll(async () => {
    app = await createTestApp(
      { LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) },
      { clock },
    );
    sut = app.app.get(CredentialsService);
  });
  afterAll(() => app.close());

  it('returns the PublicUser for the right password, by username or email in any case', async () => {
    const user = await registered();

    const byName = await sut.verify(user.username.toUpperCase(), user.password);
    const byEmail = await sut.verify(user.email.toUpperCase(), user.password);

    expect(byName).toMatchObject({ id: user.id, username: user.username, roles: ['user'] });
    expect(byEmail.id).toBe(user.id);
    expect(JSON.stringify(byName)).not.toContain('$2b$');
  });

  it('gives the same error for an unknown user and a wrong password', async () => {
    const user = await registered();

    const unknown = await sut.verify('nobody.here', 'whatever-password').catch((e: unknown) => e);
    const wrong = await sut.verify(user.username, 'wrong-password').catch((e: unknown) => e);

    expect(unknown).toMatchObject({
      code: 'ERR_INVALID_CREDENTIALS',
      message: 'Invalid credentials',
    });
    expect(wrong).toMatchObject({
      code: 'ERR_INVALID_CREDENTIALS',
      message: 'Invalid credentials',
    });
  });

  it('refuses an inactive user with the same error, even with the right password', async () => {
    const user = await registered();
    await execute(app.databaseUrl, 'UPDATE users SET is_active = false WHERE id = $1', [user.id]);

    await expect(sut.verify(user.username, user.password)).rejects.toMatchObject({
      code: 'ERR_INVALID_CREDENTIALS',
    });
  });

  it('locks the account for an address after LOGIN_MAX_ATTEMPTS failures, then lifts the lock', async () => {
    const user = await registered();
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await expect(sut.verify(user.username, 'wrong-password')).rejects.toMatchObject({
        code: 'ERR_INVALID_CREDENTIALS',
      });
    }

    await expect(sut.verify(user.username, 'wrong-password')).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_LOCKED',
      retryAfterSeconds: LOCK_SECONDS,
    });
    clock.advance(30);
    await expect(sut.verify(user.username, user.password)).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_LOCKED',
      retryAfterSeconds: LOCK_SECONDS - 30,
    });
    clock.advance(LOCK_SECONDS - 30);
    await expect(sut.verify(user.username, user.password)).resolves.toMatchObject({ id: user.id });
  });

  it('resets the failure count on success', async () => {
    const user = await registered();
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await sut.verify(user.username, 'wrong-password').catch(() => undefined);
    }

    await sut.verify(user.username, user.password);

    await expect(sut.verify(user.username, 'wrong-password')).rejects.toMatchObject({
      code: 'ERR_INVALID_CREDENTIALS',
    });
  });

  it('counts every one of many concurrent wrong passwords', async () => {
    const user = await registered();

    const errors = await Promise.all(
      Array.from({ length: MAX_ATTEMPTS }, () =>
        sut.verify(user.username, 'wrong-password').catch((e: unknown) => e),
      ),
    );

    expect(
      errors.filter((e) => (e as { code?: string }).code === 'ERR_ACCOUNT_LOCKED'),
    ).not.toHaveLength(0);
    await expect(sut.verify(user.username, user.password)).rejects.toMatchObject({
      code: 'ERR_ACCOUNT_LOCKED',
    });
    clock.advance(LOCK_SECONDS);
  });

  it('takes a similar time for an unknown user and a wrong password', async () => {
    const user = await registered();
    const time = async (login: string): Promise<number> => {
      const started = process.hrtime.bigint();
      await sut.verify(login, 'wrong-password').catch(() => undefined);
      return Number(process.hrtime.bigint() - started);
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let sample = 0; sample < 7; sample++) {
      unknown.push(await time(`nobody.${sample}`));
      wrong.push(await time(user.username));
      // Stay under the lockout so every sample takes the wrong-password path.
      await sut.verify(user.username, user.password);
    }

    const ratio = median(unknown) / median(wrong);

    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('writes an audit row for every success and failure, without secrets', async () => {
    const user = await registered();
    await sut.verify(user.username, user.password, { ip: '203.0.113.7' });
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await sut
        .verify(user.username, 'wrong-password', { ip: '203.0.113.7' })
        .catch(() => undefined);
    }

    const rows = await query<{ type: string; ip: string; details: { reason?: string } }>(
      app.databaseUrl,
      `SELECT type, ip, details FROM audit_events
        WHERE subject = $1 AND type LIKE 'login.%' ORDER BY id`,
      [user.id],
    );

    expect(rows.map((row) => row.type)).toEqual([
      'login.succeeded',
      'login.failed',
      'login.failed',
      'login.failed',
      'login.locked',
    ]);
    expect(rows.every((row) => row.ip === '203.0.113.7')).toBe(true);
    expect(rows[1].details.reason).toBe('wrong_password');
    expect(JSON.stringify(rows)).not.toContain(user.password);
    expect(JSON.stringify(rows)).not.toContain('wrong-password');
    clock.advance(LOCK_SECONDS);
  });

  it('records a failure for an unknown user under the login that was tried', async () => {
    await sut.verify('ghost.user', 'wrong-password').catch(() => undefined);

    const rows = await query<{ details: { reason: string } }>(
      app.databaseUrl,
      `SELECT details FROM audit_events WHERE type = 'login.failed' AND subject = 'ghost.user'`,
      [],
    );

    expect(rows).toEqual([{ details: { reason: 'unknown_user' } }]);
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function query<T>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function execute(url: string, sql: string, params: unknown[]): Promise<void> {
  await query(url, sql, params);
}
