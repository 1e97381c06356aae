import { Logger } from '@nestjs/common';
import { basic } from '../oauth/oauth.fixtures';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

const NOBODY = basic({ client_id: 'nobody', client_secret: 'wrong' });
const LIMIT = 2;

/**
 * The throttle's counters live in PostgreSQL; while it is unreachable the throttle fails open
 * (the route itself answers 503, as without a throttle), warns once, and counts again when the
 * database is back.
 */
describe('per-IP throttle while PostgreSQL is unreachable', () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let sut: TestApp;
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const log = jest.spyOn(Logger.prototype, 'log');
  /** How many lines about the throttle `spy` saw. */
  const throttleLines = (spy: jest.SpyInstance): number =>
    spy.mock.calls.filter((call: unknown[]) => String(call[0]).includes('per-IP throttle')).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    const proxied = await TcpProxy.forUrl(database.url);
    proxy = proxied.proxy;
    sut = await createTestApp({ THROTTLE_LIMIT: String(LIMIT) }, { databaseUrl: proxied.url });
  });
  afterAll(async () => {
    await proxy?.restore();
    await sut?.close();
    await database?.drop();
    await proxy?.cut();
    warn.mockRestore();
    log.mockRestore();
  });

  async function token(): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await sut.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...NOBODY },
      body: 'grant_type=client_credentials',
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('answers 503 (never 500 nor 429) and warns once per outage', async () => {
    expect((await token()).status).toBe(401);
    await proxy.cut();

    const answers = [];
    for (let i = 0; i < LIMIT + 3; i++) answers.push(await token());
    for (const answer of answers)
      expect({ status: answer.status, error: answer.body.error }).toEqual({
        status: 503,
        error: 'temporarily_unavailable',
      });
    expect(throttleLines(warn)).toBe(1);
  });

  it('lets the request through uncounted rather than failing it', async () => {
    // Guards run before validation: a 400 means the throttle let the request on to the pipe.
    const response = await sut.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    await response.arrayBuffer();
  });

  it('counts again, from where it was, once PostgreSQL is back', async () => {
    await proxy.restore();
    // The pool may hand out a connection that died with the outage once more: wait for a count.
    let answer = await token();
    for (let attempt = 0; answer.status === 503 && attempt < 20; attempt++) answer = await token();
    expect(answer.status).toBe(401);
    expect((await token()).status).toBe(429);
    expect(throttleLines(log)).toBe(1);
    expect(throttleLines(warn)).toBe(1);
  });
});
