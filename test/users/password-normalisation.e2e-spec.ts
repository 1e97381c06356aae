import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN, ADMIN_ENV } from '../admin/admin.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { authedPost, bodyOf, login, loginOk, SESSION_ENV } from '../tokens/session.fixtures';
import { account, register } from './users.factory';

/** A fresh, uncommon suffix, so every password here is new to the common-password list. */
const fresh = (): string => randomBytes(4).toString('hex');

describe('Passwords are normalised (NIST SP 800-63B §5.1.1.2)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp(SESSION_ENV);
  });
  afterAll(() => sut.close());

  it('takes "ﬁ" and "fi" for the same password, whichever was registered', async () => {
    const ligature = account({ password: `ﬁsh and chips ${fresh()}` });
    const plain = account({ password: `fish and chips ${fresh()}` });
    expect((await register(sut, ligature)).status).toBe(201);
    expect((await register(sut, plain)).status).toBe(201);

    const asPlain = await login(sut, {
      username: ligature.username,
      password: ligature.password.replace('ﬁ', 'fi'),
    });
    const asLigature = await login(sut, {
      username: plain.username,
      password: plain.password.replace('fi', 'ﬁ'),
    });

    expect(asPlain.status).toBe(200);
    expect(asLigature.status).toBe(200);
  });

  it.each([
    ['a tab', `correct\thorse ${fresh()}`],
    ['a newline', `correct horse ${fresh()}\n`],
    ['NUL', `correct\u0000horse ${fresh()}`],
    ['only spaces', ' '.repeat(16)],
    ['only ideographic spaces', '\u3000'.repeat(10)],
  ])('refuses a password with %s at registration, naming the field', async (_name, password) => {
    const response = await register(sut, account({ password }));
    const body = await bodyOf(response);

    expect(response.status).toBe(400);
    expect(body).toMatchObject({
      code: 'ERR_VALIDATION',
      errors: [
        {
          field: 'password',
          message: expect.stringMatching(/^password must not (contain|be only)/) as unknown,
        },
      ],
    });
  });

  it('refuses a new password with control characters or only whitespace at change', async () => {
    const user = account();
    await register(sut, user);
    const { access_token } = await loginOk(sut, user);

    const statuses = [];
    const messages = [];
    for (const newPassword of [`new\u0007password ${fresh()}`, '\t'.repeat(9), ' '.repeat(9)]) {
      const response = await authedPost(sut, '/auth/password', access_token, {
        currentPassword: user.password,
        newPassword,
      });
      statuses.push(response.status);
      messages.push(JSON.stringify((await bodyOf(response)).message));
    }

    expect(statuses).toEqual([400, 400, 400]);
    expect(messages.every((message) => message.includes('newPassword must not'))).toBe(true);
  });

  it('counts the minimum length in characters, not bytes', async () => {
    const response = await register(sut, account({ password: '🔑🔑' }));

    expect(response.status).toBe(400);
    expect(JSON.stringify((await bodyOf(response)).message)).toMatch(/at least 8 characters/);
  });

  it('refuses at login a password over 72 bytes that bcrypt would have truncated to a match', async () => {
    const user = account({ password: `${fresh()} `.padEnd(72, 'x') });
    expect((await register(sut, user)).status).toBe(201);

    const longer = await login(sut, { username: user.username, password: `${user.password}y` });
    const wrong = await login(sut, { username: user.username, password: 'wrong password 1' });

    expect(longer.status).toBe(401);
    expect(await bodyOf(longer)).toEqual(await bodyOf(wrong));
    expect((await login(sut, { username: user.username, password: user.password })).status).toBe(
      200,
    );
  });
});

describe('A login re-hashes a password made at another BCRYPT_COST', () => {
  // Both apps read the same signing keys, so they share the key that encrypts them.
  const env = { ...ADMIN_ENV, KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  let first: TestApp;

  beforeAll(async () => {
    first = await createTestApp({ ...env, BCRYPT_COST: '4' });
  });
  afterAll(() => first.close());

  async function costOf(username: string): Promise<string> {
    const client = new Client({ connectionString: first.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE username = $1',
        [username],
      );
      return rows[0].password_hash.slice(0, 7);
    } finally {
      await client.end();
    }
  }

  it('raises and lowers the cost, for a registered user and the bootstrap administrator', async () => {
    const user = account();
    await register(first, user);
    const before = [await costOf(user.username), await costOf(ADMIN.username)];

    const second = await createTestApp(
      { ...env, BCRYPT_COST: '5' },
      {
        databaseUrl: first.databaseUrl,
      },
    );
    try {
      await loginOk(second, user);
      await loginOk(second, ADMIN);
    } finally {
      await second.close();
    }
    const raised = [await costOf(user.username), await costOf(ADMIN.username)];
    await loginOk(first, user);
    const lowered = await costOf(user.username);

    expect(before).toEqual(['$2b$04$', '$2b$04$']);
    expect(raised).toEqual(['$2b$05$', '$2b$05$']);
    expect(lowered).toBe('$2b$04$');
  });
});
