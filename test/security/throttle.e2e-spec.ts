import { createTestApp, TestApp } from '../support/test-app';

const LIMIT = 2;

type OpenApiPaths = Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;

/** Every unauthenticated POST is limited per address, like login; in-memory GETs are not. */
describe('attack suite: per-IP throttling of the public POST routes', () => {
  let sut: TestApp;
  let publicPosts: string[];

  beforeAll(async () => {
    sut = await createTestApp({ THROTTLE_LIMIT: String(LIMIT), THROTTLE_TTL: '60' });
    const { paths } = (await (await sut.request('/docs-json')).json()) as { paths: OpenApiPaths };
    // Public: no bearer token required (the OAuth routes authenticate clients by secret).
    publicPosts = Object.entries(paths)
      .filter(([, operations]) => {
        const security = operations.post?.security;
        return operations.post && !(security ?? []).some((requirement) => 'bearer' in requirement);
      })
      .map(([path]) => path);
  });
  afterAll(() => sut.close());

  async function post(path: string, body: Record<string, string>): Promise<Response> {
    return sut.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** The statuses of LIMIT + 1 requests to `path`, and the last response. */
  async function overLimit(path: string, body: Record<string, string> = {}) {
    const statuses: number[] = [];
    let last = await post(path, body);
    statuses.push(last.status);
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      await last.arrayBuffer();
      last = await post(path, body);
      statuses.push(last.status);
    }
    return { statuses, last };
  }

  const newlyThrottled: Array<[string, Record<string, string>]> = [
    ['/auth/refresh', { refresh_token: 'not-a-refresh-token' }],
    ['/oauth/introspect', { token: 'x', client_id: 'nobody', client_secret: 'wrong' }],
    ['/oauth/revoke', { token: 'x', client_id: 'nobody', client_secret: 'wrong' }],
  ];

  it.each(newlyThrottled)(
    'answers the request past THROTTLE_LIMIT on %s with 429',
    async (path, body) => {
      const { statuses, last } = await overLimit(path, body);
      expect(statuses.slice(0, LIMIT)).not.toContain(429);
      expect(statuses[LIMIT]).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      const answer = (await last.json()) as Record<string, unknown>;
      if (path.startsWith('/oauth/'))
        expect(answer).toMatchObject({ error: 'temporarily_unavailable' });
      else expect(answer).toMatchObject({ statusCode: 429 });
    },
  );

  it('throttles every public POST route in the OpenAPI document', async () => {
    expect(publicPosts).toEqual(
      expect.arrayContaining(['/auth/register', '/auth/login', '/auth/refresh', '/oauth/token']),
    );
    const unthrottled: string[] = [];
    for (const path of publicPosts) {
      if (newlyThrottled.some(([done]) => done === path)) continue;
      const { statuses, last } = await overLimit(path);
      await last.arrayBuffer();
      if (statuses[LIMIT] !== 429) unthrottled.push(`${path}: ${statuses.join(',')}`);
    }
    expect(unthrottled).toEqual([]);
  });

  it.each(['/.well-known/jwks.json', '/.well-known/oauth-authorization-server', '/health/live'])(
    'leaves GET %s unthrottled',
    async (path) => {
      for (let attempt = 0; attempt < LIMIT * 3; attempt++) {
        const response = await sut.request(path);
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
    },
  );
});
