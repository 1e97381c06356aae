import { createOAuthTestApp, OAuthTestApp, postJson } from './oauth.fixtures';

const APP = 'https://app.example.com';
const OTHER_APP = 'http://localhost:5173';
const CONSOLE = 'https://console.example.com';
const EVIL = 'https://evil.example';

type Created = { client_id: string };

/** Who may read the answer, as the browser sees it. */
function corsOf(response: Response): Record<string, string | null> {
  return {
    origin: response.headers.get('access-control-allow-origin'),
    credentials: response.headers.get('access-control-allow-credentials'),
  };
}

function varies(response: Response): boolean {
  return /(^|,)\s*origin\s*(,|$)/i.test(response.headers.get('vary') ?? '');
}

/**
 * CORS for single-page apps: the token, revocation, userinfo and discovery endpoints answer the
 * `allowed_origins` of active clients (and CORS_ORIGINS); other routes keep CORS_ORIGINS only.
 */
describe('CORS of the client endpoints', () => {
  let sut: OAuthTestApp;

  const admin = () => ({ authorization: `Bearer ${sut.adminToken}` });
  const adminCall = (method: string, path: string, body?: unknown) =>
    sut.request(path, {
      method,
      headers: { ...admin(), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function spa(origins: string[]): Promise<Created> {
    const response = await postJson(
      sut,
      '/clients',
      {
        name: 'spa',
        permissions: [],
        token_endpoint_auth_method: 'none',
        redirect_uris: ['https://app.example.com/callback'],
        allowed_origins: origins,
      },
      admin(),
    );
    expect(response.status).toBe(201);
    return (await response.json()) as Created;
  }
  const fromOrigin = (origin: string, path: string, init: RequestInit = {}) =>
    sut.request(path, { ...init, headers: { origin, ...init.headers } });
  const tokenFrom = (origin: string) =>
    fromOrigin(origin, '/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=nobody',
    });
  const preflight = (origin: string, path: string, method = 'POST') =>
    fromOrigin(origin, path, {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': method,
        'access-control-request-headers': 'content-type',
      },
    });

  beforeAll(async () => {
    sut = await createOAuthTestApp({ CORS_ORIGINS: CONSOLE });
  });
  afterAll(() => sut.close());

  it('lets an allowed origin read the answers, errors included, without credentials', async () => {
    await spa([APP]);

    const token = await tokenFrom(APP);
    const revoke = await fromOrigin(APP, '/oauth/revoke', { method: 'POST' });
    const reads = await Promise.all(
      [
        '/.well-known/jwks.json',
        '/.well-known/oauth-authorization-server',
        '/.well-known/openid-configuration',
        '/userinfo',
      ].map((path) => fromOrigin(APP, path)),
    );

    expect(token.status).toBe(401);
    for (const response of [token, revoke, ...reads]) {
      expect(corsOf(response)).toEqual({ origin: APP, credentials: null });
      expect(varies(response)).toBe(true);
    }
  });

  it('answers an allowed preflight 204 with the methods, headers and max age', async () => {
    const token = await preflight(APP, '/oauth/token');
    const userinfo = await preflight(APP, '/userinfo?x=1', 'GET');

    expect(token.status).toBe(204);
    expect(corsOf(token)).toEqual({ origin: APP, credentials: null });
    expect(token.headers.get('access-control-allow-methods')).toBe('POST');
    expect(token.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(token.headers.get('access-control-max-age')).toBe('600');
    expect(userinfo.status).toBe(204);
    expect(userinfo.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });

  it('gives an unlisted origin no CORS header, and its preflight a bare 204', async () => {
    const token = await tokenFrom(EVIL);
    const answer = await preflight(EVIL, '/oauth/token');

    expect(corsOf(token).origin).toBeNull();
    expect(varies(token)).toBe(true);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-methods')).toBeNull();
  });

  it("keeps a client's origin off every other route", async () => {
    for (const path of ['/auth/login', '/oauth/introspect']) {
      const response = await fromOrigin(APP, path, { method: 'POST' });
      expect(corsOf(response).origin).toBeNull();
    }
  });

  it('keeps CORS_ORIGINS on every route, the client endpoints included', async () => {
    const login = await fromOrigin(CONSOLE, '/auth/login', { method: 'POST' });
    const loginPreflight = await preflight(CONSOLE, '/auth/login');
    const token = await tokenFrom(CONSOLE);
    const tokenPreflight = await preflight(CONSOLE, '/oauth/token');

    expect(corsOf(login).origin).toBe(CONSOLE);
    expect([loginPreflight.status, corsOf(loginPreflight).origin]).toEqual([204, CONSOLE]);
    expect(corsOf(token).origin).toBe(CONSOLE);
    expect([tokenPreflight.status, corsOf(tokenPreflight).origin]).toEqual([204, CONSOLE]);
  });

  it("follows a client's change and deletion at once", async () => {
    const first = await spa([OTHER_APP]);
    const second = await spa([OTHER_APP]);
    expect(corsOf(await tokenFrom(OTHER_APP)).origin).toBe(OTHER_APP);

    const changed = await adminCall('PATCH', `/clients/${first.client_id}`, {
      allowed_origins: ['https://new.example.com'],
    });
    expect(changed.status).toBe(200);
    expect(corsOf(await tokenFrom('https://new.example.com')).origin).toBe(
      'https://new.example.com',
    );
    // Still listed by the second client.
    expect(corsOf(await tokenFrom(OTHER_APP)).origin).toBe(OTHER_APP);

    expect((await adminCall('DELETE', `/clients/${second.client_id}`)).status).toBe(204);
    expect(corsOf(await tokenFrom(OTHER_APP)).origin).toBeNull();
    expect((await adminCall('DELETE', `/clients/${first.client_id}`)).status).toBe(204);
    expect(corsOf(await tokenFrom('https://new.example.com')).origin).toBeNull();
  });
});

describe('CORS of the client endpoints without CORS_ORIGINS', () => {
  let sut: OAuthTestApp;

  beforeAll(async () => {
    sut = await createOAuthTestApp();
  });
  afterAll(() => sut.close());

  it("answers a client's origin there, and nothing elsewhere, as before", async () => {
    const created = await postJson(
      sut,
      '/clients',
      { name: 'spa', permissions: [], grant_types: [], allowed_origins: [APP] },
      { authorization: `Bearer ${sut.adminToken}` },
    );
    expect(created.status).toBe(201);
    const headers = { origin: APP, 'access-control-request-method': 'POST' };

    const token = await sut.request('/oauth/token', { method: 'OPTIONS', headers });
    const login = await sut.request('/auth/login', { method: 'OPTIONS', headers });

    expect([token.status, corsOf(token).origin]).toEqual([204, APP]);
    expect([login.status, corsOf(login).origin]).toEqual([404, null]);
  });
});
