import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { LoginThrottleService } from '../../src/users/login-throttle/login-throttle.service';
import { createTestApp, TestApp } from '../support/test-app';
import { account, AccountFixture, register } from '../users/users.factory';

const MAX_ATTEMPTS = 3;
const LOCK_SECONDS = 120;
const ACCOUNT_MAX_ATTEMPTS = 6;

const ENV = {
  // One key for both apps of the replica test: each must read the other's signing keys.
  KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  LOGIN_LOCK_SECONDS: String(LOCK_SECONDS),
  LOGIN_ACCOUNT_MAX_ATTEMPTS: String(ACCOUNT_MAX_ATTEMPTS),
  THROTTLE_LIMIT: '100000',
};

interface Outcome {
  status: number;
  retryAfter: string | undefined;
  body: Record<string, unknown>;
}

/** Distinct client addresses (TEST-NET-3, RFC 5737). */
function addresses(count: number): string[] {
  const prefix = `203.0.${randomBytes(1)[0]}`;
  return Array.from({ length: count }, (_, index) => `${prefix}.${index + 1}`);
}

describe('Login throttling', () => {
  let sut: TestApp;
  const clock = new FakeClock();

  /** POST /auth/login as if from `remoteAddress` (Fastify's request.ip is the socket's). */
  async function login(body: Record<string, string>, remoteAddress: string): Promise<Outcome> {
    const response = await sut.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: body,
      remoteAddress,
    });
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode,
      retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
      body: response.json<Record<string, unknown>>(),
    };
  }

  const wrong = (user: Pick<AccountFixture, 'username'>, from: string) =>
    login({ username: user.username, password: 'wrong password 1' }, from);
  const right = (user: AccountFixture, from: string) =>
    login({ username: user.username, password: user.password }, from);

  async function registered(): Promise<AccountFixture> {
    const fixture = account();
    expect((await register(sut, fixture)).status).toBe(201);
    return fixture;
  }

  beforeAll(async () => {
    sut = await createTestApp(ENV, { clock });
  });
  afterAll(() => sut.close());
  // Every test starts with all windows and locks of the previous ones over.
  afterEach(() => clock.advance(10 * LOCK_SECONDS));

  it('locks the account for the failing address only; the owner logs in from another', async () => {
    const user = await registered();
    const [attacker, owner] = addresses(2);

    const failures = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      failures.push(await wrong(user, attacker));
    }
    clock.advance(30);
    const attackerWithRightPassword = await right(user, attacker);
    const ownerElsewhere = await right(user, owner);

    expect(failures.map((outcome) => outcome.status)).toEqual([401, 401, 429]);
    expect(failures[2]).toMatchObject({
      retryAfter: String(LOCK_SECONDS),
      body: { code: 'ERR_ACCOUNT_LOCKED' },
    });
    expect(attackerWithRightPassword).toMatchObject({
      status: 429,
      retryAfter: String(LOCK_SECONDS - 30),
    });
    expect(ownerElsewhere.status).toBe(200);
    clock.advance(LOCK_SECONDS - 30);
    expect((await right(user, attacker)).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address, and an IPv4-mapped address as its IPv4', async () => {
    const user = await registered();

    for (const host of ['1', '2']) await wrong(user, `2001:db8:7:1::${host}`);
    const third = await wrong(user, `2001:db8:7:1:ffff::3`);
    const sameNetwork = await right(user, '2001:db8:7:1::99');
    const nextNetwork = await right(user, '2001:db8:7:2::1');
    await wrong(user, '198.51.100.20');
    await wrong(user, '::ffff:198.51.100.20');
    const mapped = await wrong(user, '198.51.100.20');

    expect(third.status).toBe(429);
    expect(sameNetwork.status).toBe(429);
    expect(nextNetwork.status).toBe(200);
    expect(mapped.status).toBe(429);
  });

  it('lets a username and an email share one count', async () => {
    const user = await registered();
    const [from] = addresses(1);

    await wrong(user, from);
    await login({ email: user.email.toUpperCase(), password: 'wrong password 1' }, from);
    const third = await wrong(user, from);

    expect(third.status).toBe(429);
  });

  it('forgets the failures of an address once it logs in', async () => {
    const user = await registered();
    const [from] = addresses(1);

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) await wrong(user, from);
    await right(user, from);
    const statuses = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      statuses.push((await wrong(user, from)).status);
    }

    expect(statuses).toEqual([401, 401]);
  });

  /**
   * Failures from many addresses, none locked, until the account-wide limit; then the delays.
   * No attempt gets its password checked and right, so a known and an unknown login can run
   * it alike. Returns every outcome, with its body, so two runs can be compared whole.
   */
  async function distributedGuess(user: AccountFixture): Promise<Outcome[]> {
    const from = addresses(12);
    const outcomes: Outcome[] = [];
    // Two failures from each of three addresses: six, the account limit; no address locked.
    for (const address of from.slice(0, 3)) {
      outcomes.push(await wrong(user, address), await wrong(user, address));
    }
    // Inside the delay, even the right password from a fresh address is not checked.
    outcomes.push(await right(user, from[3]));
    clock.advance(1);
    outcomes.push(await wrong(user, from[4]));
    clock.advance(1);
    outcomes.push(await right(user, from[5]));
    clock.advance(1);
    outcomes.push(await wrong(user, from[6]));
    clock.advance(4);
    outcomes.push(await wrong(user, from[7]));
    clock.advance(8);
    outcomes.push(await wrong(user, from[8]));
    return outcomes;
  }

  it('makes every address wait a doubling delay once the account limit is reached', async () => {
    const user = await registered();

    const outcomes = await distributedGuess(user);
    clock.advance(15);
    const insideTheDelay = await right(user, addresses(1)[0]);
    clock.advance(1);
    const afterTheDelay = await right(user, addresses(1)[0]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429,
    ]);
    expect(outcomes.slice(5).map((outcome) => outcome.retryAfter)).toEqual([
      '1', // the failure that reached the limit
      '1', // the right password, refused unchecked inside that second
      '2',
      '1', // the right password again, a second into the 2 s
      '4',
      '8',
      '16',
    ]);
    expect(outcomes[6].body).toMatchObject({ code: 'ERR_ACCOUNT_LOCKED' });
    expect(insideTheDelay).toMatchObject({ status: 429, retryAfter: '1' });
    expect(afterTheDelay.status).toBe(200);
  });

  it('lets the owner in once the delay has passed, and forgets the count after the window', async () => {
    const user = await registered();
    const from = addresses(8);
    for (const address of from.slice(0, 3)) {
      await wrong(user, address);
      await wrong(user, address);
    }
    clock.advance(1);

    const owner = await right(user, from[3]);
    await wrong(user, from[4]);
    clock.advance(LOCK_SECONDS);
    const afterTheWindow = await wrong(user, from[5]);

    expect(owner.status).toBe(200);
    expect(afterTheWindow.status).toBe(401);
  });

  it('answers an unknown username exactly like an existing one', async () => {
    const user = await registered();
    const ghost = { ...account(), password: user.password };

    const known = await distributedGuess(user);
    clock.advance(10 * LOCK_SECONDS);
    const unknown = await distributedGuess(ghost);
    const [from] = addresses(1);
    const knownLocked = [];
    const unknownLocked = [];
    for (let attempt = 0; attempt <= MAX_ATTEMPTS; attempt++) {
      clock.advance(10 * LOCK_SECONDS);
      knownLocked.push(await wrong(user, from));
      unknownLocked.push(await wrong(ghost, from));
    }

    expect(unknown).toEqual(known);
    expect(known.some((outcome) => outcome.status === 429)).toBe(true);
    expect(unknownLocked).toEqual(knownLocked);
  });

  it('keeps the counts in PostgreSQL, so another replica sees the lock', async () => {
    const user = await registered();
    const [from] = addresses(1);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) await wrong(user, from);
    const replica = await createTestApp(ENV, { clock, databaseUrl: sut.databaseUrl });

    try {
      const response = await replica.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: user.username, password: user.password },
        remoteAddress: from,
      });

      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toBe(String(LOCK_SECONDS));
    } finally {
      await replica.close();
    }
  });

  it('purges the rows that no longer count nor lock', async () => {
    const user = await registered();
    const [old, recent] = addresses(2);
    await wrong(user, old);
    clock.advance(LOCK_SECONDS);
    await wrong(user, recent);

    const purged = await sut.app.get(LoginThrottleService).purge();
    const rows = await query<{ address: string }>(
      sut.databaseUrl,
      `SELECT address FROM login_failures WHERE account_key = (
         SELECT 'user:' || id FROM users WHERE username = $1)`,
      [user.username],
    );

    expect(purged).toBeGreaterThanOrEqual(1);
    expect(rows).toEqual([{ address: recent }]);
  });
});

async function query<T>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
