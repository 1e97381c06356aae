import { REDACTED_PATHS } from '../../src/logging';
import { accessLines, LoggedApp, startLoggedApp } from './logging.fixtures';

const DEBUG = 20;
const INFO = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** README "Operations": one access line per request, with its request id, and no secret. */
describe('Logs a person reads', () => {
  let sut: LoggedApp;

  beforeAll(async () => {
    sut = await startLoggedApp();
  });
  afterAll(() => sut.close());

  /** Sends one request and returns its response with the access line written for it. */
  async function requestAndLine(
    path: string,
    init?: RequestInit,
  ): Promise<{ response: Response; lines: Array<Record<string, unknown>> }> {
    const before = accessLines(sut.log).length;
    const response = await sut.request(path, init);
    await response.arrayBuffer();
    // The line is written when the connection is done with the response: a moment after it.
    for (let wait = 0; wait < 50 && accessLines(sut.log).length === before; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { response, lines: accessLines(sut.log).slice(before) };
  }

  describe("Nest's start-up narration", () => {
    it.each(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory'])(
      'logs %s lines at debug, never at info',
      (context) => {
        const levels = sut.log.lines
          .filter((line) => line.context === context)
          .map((line) => line.level);

        expect(levels.length).toBeGreaterThan(0);
        expect(new Set(levels)).toEqual(new Set([DEBUG]));
      },
    );

    it("keeps Warden's own start-up lines at info", () => {
      expect(sut.log.lines).toContainEqual(
        expect.objectContaining({ level: INFO, context: 'DatabaseModule' }),
      );
    });
  });

  describe('the access log', () => {
    it('writes one info line per request with the id the caller sent, echoed back', async () => {
      const { response, lines } = await requestAndLine('/.well-known/jwks.json', {
        headers: { 'x-request-id': 'trace-abc.123' },
      });

      expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
      expect(lines).toEqual([
        expect.objectContaining({
          level: INFO,
          reqId: 'trace-abc.123',
          method: 'GET',
          url: '/.well-known/jwks.json',
          route: '/.well-known/jwks.json',
          status: 200,
          durationMs: expect.any(Number),
          msg: expect.stringMatching(/^GET \/\.well-known\/jwks\.json 200 [\d.]+ ms$/),
        }),
      ]);
    });

    it('generates an id when none is sent, or a malformed one, and echoes it', async () => {
      const generated = await requestAndLine('/.well-known/oauth-authorization-server');
      const hostile = await requestAndLine('/.well-known/oauth-authorization-server', {
        headers: { 'x-request-id': 'a b"c\\d' },
      });

      for (const { response, lines } of [generated, hostile]) {
        const id = response.headers.get('x-request-id');
        expect(id).toMatch(UUID);
        expect(lines).toEqual([expect.objectContaining({ reqId: id })]);
      }
      expect(sut.log.text()).not.toContain('a b');
    });

    it('logs an unknown route and a refused request too, once each', async () => {
      const unknown = await requestAndLine('/no/such/route');
      const refused = await requestAndLine('/auth/me');

      expect(unknown.lines).toEqual([
        expect.objectContaining({ status: 404, url: '/no/such/route' }),
      ]);
      expect(refused.lines).toEqual([
        expect.objectContaining({ status: 401, url: '/auth/me', route: '/auth/me' }),
      ]);
      expect(unknown.lines[0]).not.toHaveProperty('route');
    });

    it('writes exactly one line for each of many concurrent requests', async () => {
      const ids = Array.from({ length: 20 }, (_, index) => `burst-${index}`);
      await Promise.all(
        ids.map(async (id) => {
          const response = await sut.request('/.well-known/jwks.json', {
            headers: { 'x-request-id': id },
          });
          await response.arrayBuffer();
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));

      const logged = accessLines(sut.log)
        .map((line) => line.reqId)
        .filter((id) => typeof id === 'string' && id.startsWith('burst-'));
      expect([...logged].sort()).toEqual([...ids].sort());
    });

    it('puts health probes at debug', async () => {
      const { lines } = await requestAndLine('/health/live');

      expect(lines).toEqual([expect.objectContaining({ level: DEBUG, status: 200 })]);
    });

    it("ties the handler's own lines to the request's id", async () => {
      const { response, lines } = await requestAndLine('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'login-7' },
        body: JSON.stringify({ username: 'nobody.here', password: 'not the password 1' }),
      });

      expect(response.status).toBe(401);
      expect(lines).toEqual([expect.objectContaining({ reqId: 'login-7', status: 401 })]);
      expect(sut.log.lines).toContainEqual(
        expect.objectContaining({ reqId: 'login-7', msg: expect.stringMatching(/^Login failed/) }),
      );
    });
  });

  describe('secrets', () => {
    const secrets = {
      password: 'access log password 1',
      bearer: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      cookie: 'session-cookie-value-42',
      clientSecret: 'client-secret-value-42',
      queryToken: 'query-token-value-42',
    };

    beforeAll(async () => {
      await requestAndLine('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `sid=${secrets.cookie}` },
        body: JSON.stringify({ username: 'ada.logs', password: secrets.password }),
      });
      await requestAndLine('/auth/me', { headers: { authorization: `Bearer ${secrets.bearer}` } });
      await requestAndLine(`/.well-known/jwks.json?access_token=${secrets.queryToken}`);
      await requestAndLine('/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=x&client_secret=${secrets.clientSecret}`,
      });
    });

    it.each(Object.entries(secrets))('never logs the %s', (_name, secret) => {
      expect(sut.log.text()).not.toContain(secret);
    });

    it('logs the path without its query string', () => {
      expect(accessLines(sut.log)).toContainEqual(
        expect.objectContaining({ url: '/.well-known/jwks.json', status: 200 }),
      );
      expect(sut.log.text()).not.toContain('access_token=');
    });

    it('logs no header and no body of any request', () => {
      for (const line of accessLines(sut.log)) {
        expect(Object.keys(line).sort()).toEqual(
          expect.not.arrayContaining(['headers', 'body', 'req', 'res', 'query']),
        );
      }
    });

    it('censors credentials by name wherever they appear', () => {
      expect(REDACTED_PATHS).toEqual(
        expect.arrayContaining(['password', '*.password', '*.headers["authorization"]']),
      );
    });
  });
});
