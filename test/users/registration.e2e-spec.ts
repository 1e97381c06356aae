import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/test-app';
import { account, register } from './users.factory';

const PUBLIC_USER_KEYS = [
  'attributes',
  'createdAt',
  'email',
  'id',
  'isActive',
  'mfaEnabled',
  'permissions',
  'roles',
  'username',
];

describe('POST /auth/register', () => {
  let sut: TestApp;
  const responses: string[] = [];

  async function registerAndKeep(
    body: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await register(sut, body);
    const text = await response.text();
    responses.push(text);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  }

  beforeAll(async () => {
    sut = await createTestApp({ THROTTLE_LIMIT: '1000' });
  });
  afterAll(() => sut.close());

  it('creates a user with the `user` role and answers 201 with exactly a PublicUser', async () => {
    const fixture = account();

    const { status, body } = await registerAndKeep(fixture);

    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual(PUBLIC_USER_KEYS);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: fixture.username,
      email: fixture.email,
      isActive: true,
      roles: ['user'],
      permissions: [],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('stores a bcrypt hash at the configured cost, never the password', async () => {
    const fixture = account();
    const { body } = await registerAndKeep(fixture);

    const row = await queryOne<{ password_hash: string; roles: string[] }>(
      sut.databaseUrl,
      'SELECT password_hash, roles FROM users WHERE id = $1',
      [body.id],
    );

    expect(row.password_hash).toMatch(/^\$2b\$04\$.{53}$/);
    expect(row.password_hash).not.toContain(fixture.password);
    expect(row.roles).toEqual(['user']);
  });

  it.each([
    ['username', (a: ReturnType<typeof account>) => ({ username: a.username.toUpperCase() })],
    ['email', (a: ReturnType<typeof account>) => ({ email: a.email.toUpperCase() })],
  ])(
    'answers 409 naming the field for a duplicate %s in another letter case',
    async (field, change) => {
      const first = account();
      await registerAndKeep(first);

      const { status, body } = await registerAndKeep({ ...account(), ...change(first) });

      expect(status).toBe(409);
      expect(body).toMatchObject({
        statusCode: 409,
        code: field === 'username' ? 'ERR_USERNAME_TAKEN' : 'ERR_EMAIL_TAKEN',
        field,
      });
    },
  );

  it('lets exactly one of two concurrent registrations of one username through', async () => {
    const username = account().username;

    const results = await Promise.all([
      registerAndKeep(account({ username })),
      registerAndKeep(account({ username: username.toUpperCase() })),
    ]);

    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ['username', { username: 'ab' }],
    ['username', { username: 'has space' }],
    ['username', { username: 'x'.repeat(33) }],
    ['email', { email: 'not-an-email' }],
    ['password', { password: 12345678 }],
    ['password', { password: 'short' }],
  ])('answers 400 naming %s for an invalid value', async (field, change) => {
    const { status, body } = await registerAndKeep({ ...account(), ...change });

    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringContaining(field) });
    expect(body.errors).toContainEqual(expect.objectContaining({ field }));
  });

  it.each(['username', 'email', 'password'])('answers 400 naming a missing %s', async (field) => {
    const body: Record<string, unknown> = { ...account() };
    delete body[field];

    const response = await registerAndKeep(body);

    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
  });

  it('answers 400 for an unknown extra field', async () => {
    const { status, body } = await registerAndKeep({ ...account(), roles: ['admin'] });

    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'roles', message: 'property roles should not exist' }]);
  });

  it('answers 400 for a 73-byte password, saying the limit is 72 bytes', async () => {
    const { status, body } = await registerAndKeep({
      ...account(),
      password: 'é'.repeat(36) + 'a',
    });

    expect(status).toBe(400);
    expect(JSON.stringify(body.message)).toMatch(/72 bytes/);
  });

  it('accepts a 72-byte password made of multibyte characters', async () => {
    const { status } = await registerAndKeep({ ...account(), password: 'é'.repeat(36) });

    expect(status).toBe(201);
  });

  it('answers 400 naming the password when it equals the username', async () => {
    const fixture = account({ username: 'same.as.password' });

    const { status, body } = await registerAndKeep({ ...fixture, password: 'SAME.as.password' });

    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ERR_INVALID_PASSWORD', field: 'password' });
  });

  it('writes an audit row for each registration', async () => {
    const { body } = await registerAndKeep(account());

    const row = await queryOne<{ type: string; details: object }>(
      sut.databaseUrl,
      `SELECT type, details FROM audit_events WHERE subject = $1`,
      [body.id],
    );

    expect(row.type).toBe('user.registered');
    expect(JSON.stringify(row.details)).not.toContain('$2b$');
  });

  it('is documented in OpenAPI with its responses', async () => {
    const document = (await (await sut.request('/docs-json')).json()) as {
      paths: Record<string, { post: { responses: Record<string, unknown> } }>;
    };

    expect(Object.keys(document.paths['/auth/register'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '403', '409', '429']),
    );
  });

  it('never put a hash in any response', () => {
    expect(responses.length).toBeGreaterThan(10);
    for (const text of responses) expect(text).not.toContain('$2b$');
  });
});

describe('POST /auth/register when registration is disabled', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ REGISTRATION_ENABLED: 'false' });
  });
  afterAll(() => sut.close());

  it('answers 403 with a typed error', async () => {
    const response = await register(sut, account());

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'ERR_REGISTRATION_DISABLED' });
  });
});

describe('POST /auth/register throttling', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ THROTTLE_LIMIT: '3', THROTTLE_TTL: '60' });
  });
  afterAll(() => sut.close());

  it('answers 429 with Retry-After once an address exceeds THROTTLE_LIMIT', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await register(sut, { username: 'x' })).status);
    }

    const throttled = await register(sut, account());

    expect(statuses).toEqual([400, 400, 400]);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});

async function queryOne<T>(url: string, sql: string, params: unknown[]): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql, params);
    return result.rows[0] as T;
  } finally {
    await client.end();
  }
}
