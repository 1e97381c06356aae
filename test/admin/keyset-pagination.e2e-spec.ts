import { Client } from 'pg';
import { encodePageCursor } from '../../src/common/page-cursor';
import { createTestApp, TestApp } from '../support/test-app';
import { registeredAccount } from '../tokens/session.fixtures';
import { ADMIN_ENV, AdminSession, adminSession } from './admin.fixtures';

interface Page {
  items: { id: string }[];
  total: number | null;
  offset: number;
  limit: number;
  next_cursor: string | null;
}

interface ErrorBody {
  code: string;
  errors: { field: string; message: string }[];
}

const cursorOf = (at: string, id: string) => encodePageCursor({ at, id });
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `GET /users?after` and `GET /audit?after` (docs/architecture.md §5), on seeded rows. */
describe('pagination by cursor', () => {
  let sut: TestApp;
  let db: Client;
  let admin: AdminSession['call'];

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    ({ call: admin } = await adminSession(sut));
    db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
    // Ten users created in the same microsecond (the id decides), twenty one microsecond apart
    // (all in one millisecond: a key rounded to milliseconds would lose them), mixed flags.
    await db.query(`
      INSERT INTO users (username, email, password_hash, created_at, is_active, mfa_enabled)
      SELECT 'seed' || i, 'seed' || i || '@example.org', 'x',
             CASE WHEN i <= 10 THEN timestamptz '2025-01-01 00:00:00+00'
                  ELSE timestamptz '2025-01-02 00:00:00+00' + i * interval '1 microsecond' END,
             i % 3 <> 0, i % 4 = 0
        FROM generate_series(1, 30) AS i`);
    // Groups of four events in the same microsecond, one microsecond apart, two types.
    await db.query(`
      INSERT INTO audit_events (at, type, details)
      SELECT timestamptz '2025-01-01 00:00:00+00' - (i / 4) * interval '1 microsecond',
             CASE WHEN i % 2 = 0 THEN 'seed.even' ELSE 'seed.odd' END, '{}'
        FROM generate_series(1, 150) AS i`);
  });
  afterAll(async () => {
    await db.end();
    await sut.close();
  });

  const page = async (path: string): Promise<Page> => {
    const response = await admin('GET', path);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return (await response.json()) as Page;
  };
  const join = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  const walkByOffset = async (path: string, limit: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += limit) {
      const { items, total } = await page(join(path, `offset=${offset}&limit=${limit}`));
      ids.push(...items.map((item) => item.id));
      if (offset + limit >= (total ?? 0)) return ids;
    }
  };
  const walkByCursor = async (
    path: string,
    limit: number,
    betweenPages: (last: Page) => Promise<void> = () => Promise.resolve(),
  ): Promise<string[]> => {
    const ids: string[] = [];
    let current = await page(join(path, `limit=${limit}`));
    for (;;) {
      ids.push(...current.items.map((item) => item.id));
      if (current.next_cursor === null) return ids;
      expect(current.items).toHaveLength(limit);
      await betweenPages(current);
      current = await page(join(path, `limit=${limit}&after=${current.next_cursor}`));
      expect(current.offset).toBe(0);
    }
  };

  it.each([
    ['/users', 4],
    ['/users?active=false', 3],
    ['/users?mfa=true', 2],
    ['/users?active=true&mfa=false', 5],
    ['/audit', 7],
    ['/audit?type=seed.even', 10],
  ])('walks every page of %s by cursor (limit %i) as the offset walk does', async (path, limit) => {
    const byOffset = await walkByOffset(path, 100);

    const byCursor = await walkByCursor(path, limit);

    expect(byCursor).toEqual(byOffset);
    expect(new Set(byCursor).size).toBe(byCursor.length);
    expect(byCursor.length).toBe((await page(path)).total);
  });

  it('gives the last page, and only it, a null next_cursor', async () => {
    const total = (await page('/users')).total ?? 0;

    expect((await page(`/users?limit=${total}`)).next_cursor).toBeNull();
    expect((await page(`/users?limit=${total - 1}`)).next_cursor).toEqual(expect.any(String));
    expect((await page(`/users?offset=${total - 1}`)).next_cursor).toBeNull();
  });

  it('walks /users without repeats or gaps while users are added and removed', async () => {
    const before = await walkByOffset('/users', 100);
    const added: string[] = [];
    let n = 0;

    const walked = await walkByCursor('/users', 4, async (last) => {
      n += 1;
      // One sorting before the position (never seen), one after it (seen at the end), and the
      // user the cursor names removed: the cursor holds its key, not a reference to its row.
      const { rows } = await db.query<{ id: string; created_at: Date }>(
        `INSERT INTO users (username, email, password_hash, created_at)
         VALUES ($1, $1 || '@example.org', 'x', timestamptz '2000-01-01 00:00:00+00'),
                ($2, $2 || '@example.org', 'x', timestamptz '2040-01-01 00:00:00+00' + $3 * interval '1 second')
         RETURNING id, created_at`,
        [`early${n}`, `late${n}`, n],
      );
      added.push(rows[1].id);
      await db.query('DELETE FROM users WHERE id = $1 AND username LIKE $2', [
        last.items.at(-1)?.id,
        'seed%',
      ]);
    });

    expect(walked).toEqual([...before, ...added]);
  });

  it('walks /audit without repeats or gaps while events are recorded and removed', async () => {
    const before = await walkByOffset('/audit', 100);

    const walked = await walkByCursor('/audit', 25, async (last) => {
      await registeredAccount(sut); // records events, all newer than the walk's position
      await db.query('DELETE FROM audit_events WHERE id = $1', [last.items.at(-1)?.id]);
    });

    expect(walked).toEqual(before);
  });

  const refusal = async (path: string): Promise<ErrorBody> => {
    const response = await admin('GET', path);
    expect({ path, status: response.status }).toEqual({ path, status: 400 });
    return (await response.json()) as ErrorBody;
  };

  it.each(['/users', '/audit'])('refuses after with offset on %s, even offset=0', async (path) => {
    const { next_cursor: cursor } = await page(`${path}?limit=1`);

    for (const offset of ['2', '0']) {
      expect(await refusal(`${path}?after=${cursor}&offset=${offset}`)).toMatchObject({
        code: 'ERR_VALIDATION',
        errors: [{ field: 'after', message: 'give either offset or after, not both' }],
      });
    }
  });

  const USER_KEY = ['2025-01-01T00:00:00.000000Z', '00000000-0000-4000-8000-000000000000'];
  const AUDIT_KEY = ['2025-01-01T00:00:00.000000Z', '42'];

  it.each([
    ['not base64url', '/users', 'a+b/c='],
    ['not JSON', '/audit', Buffer.from('{oops').toString('base64url')],
    ['too long', '/audit', 'A'.repeat(201)],
    ['an object', '/users', raw({ at: USER_KEY[0], id: USER_KEY[1] })],
    ['a number id', '/audit', raw([AUDIT_KEY[0], 42])],
    ['an audit cursor on /users', '/users', raw(AUDIT_KEY)],
    ['a user cursor on /audit', '/audit', raw(USER_KEY)],
    ['a time without microseconds', '/users', raw(['2025-01-01T00:00:00Z', USER_KEY[1]])],
    ['30 February', '/users', raw(['2025-02-30T00:00:00.000000Z', USER_KEY[1]])],
    ['year 0', '/audit', raw(['0000-01-01T00:00:00.000000Z', '1'])],
    ['an id past bigint', '/audit', raw([AUDIT_KEY[0], '9223372036854775808'])],
    ['an id of 0', '/audit', raw([AUDIT_KEY[0], '0'])],
    ['SQL in the id', '/audit', raw([AUDIT_KEY[0], "1'); DROP TABLE users; --"])],
  ])('refuses a cursor that is %s with 400 ERR_VALIDATION', async (_case, path, cursor) => {
    expect(await refusal(`${path}?after=${encodeURIComponent(cursor)}`)).toMatchObject({
      code: 'ERR_VALIDATION',
      errors: [{ field: 'after' }],
    });
  });

  it.each([
    ['past every user', '/users', cursorOf('9999-12-31T23:59:59.999999Z', USER_KEY[1]), 0],
    ['before every user', '/users', cursorOf('0001-01-01T00:00:00.000000Z', USER_KEY[1]), 20],
    ['of a user that never was', '/users', cursorOf(USER_KEY[0], USER_KEY[1]), 20],
    ['older than every event', '/audit', cursorOf('0001-01-01T00:00:00.000000Z', '1'), 0],
    [
      'of the largest id',
      '/audit',
      cursorOf('9999-12-31T23:59:59.999999Z', '9223372036854775807'),
      20,
    ],
  ])('answers a well-formed cursor %s with a page', async (_case, path, cursor, count) => {
    const result = await page(`${path}?after=${cursor}`);

    expect(result.items).toHaveLength(count);
    // A walk by cursor counts on its first page only: a deep page costs what the first does.
    expect(result.total).toBeNull();
  });
});
