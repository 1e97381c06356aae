import { createTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

/** docs/architecture.md §7: /metrics and /docs can be closed or protected in production. */
describe('Operations endpoints in production', () => {
  describe('METRICS_TOKEN set', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await createTestApp({ METRICS_TOKEN });
    });
    afterAll(() => sut.close());

    const scrape = (authorization?: string): Promise<Response> =>
      sut.request('/metrics', authorization ? { headers: { authorization } } : {});

    it('serves /metrics to the holder of the token', async () => {
      const response = await scrape(`Bearer ${METRICS_TOKEN}`);

      expect(response.status).toBe(200);
      expect(await response.text()).toContain('warden_tokens_issued_total');
    });

    it('takes the scheme in any letter case (RFC 7235 §2.1)', async () => {
      expect((await scrape(`bearer ${METRICS_TOKEN}`)).status).toBe(200);
    });

    it('answers 401 with a challenge and no error code without credentials', async () => {
      const response = await scrape();

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden-metrics"');
      expect(await response.json()).toMatchObject({
        statusCode: 401,
        code: 'ERR_METRICS_TOKEN_MISSING',
      });
    });

    it.each([
      ['a wrong token', 'Bearer scrape-token-0123456789abcdeX'],
      ['a prefix of the token', `Bearer ${METRICS_TOKEN.slice(0, -1)}`],
      ['the token plus more', `Bearer ${METRICS_TOKEN}x`],
      ['another scheme', `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`],
      ['the bare token', METRICS_TOKEN],
      ['an empty header', ''],
    ])('answers 401 invalid_token to %s', async (_case, authorization) => {
      const response = await sut.request('/metrics', { headers: { authorization } });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="warden-metrics", error="invalid_token"',
      );
      const body = (await response.json()) as { code: string };
      expect(body.code).toBe('ERR_METRICS_TOKEN_INVALID');
      expect(JSON.stringify(body)).not.toContain(METRICS_TOKEN);
    });

    it('still serves the documentation outside production', async () => {
      expect((await sut.request('/docs-json')).status).toBe(200);
    });
  });

  describe('NODE_ENV=production, DOCS_ENABLED unset', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await createTestApp({ NODE_ENV: 'production' });
    });
    afterAll(() => sut.close());

    it.each(['/docs', '/docs/', '/docs-json', '/docs-yaml'])('answers 404 at %s', async (path) => {
      const response = await sut.request(path);

      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/swagger|openapi/i);
    });

    it('keeps /metrics open while METRICS_TOKEN is unset', async () => {
      expect((await sut.request('/metrics')).status).toBe(200);
    });
  });

  describe('NODE_ENV=production, DOCS_ENABLED=true', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await createTestApp({ NODE_ENV: 'production', DOCS_ENABLED: 'true' });
    });
    afterAll(() => sut.close());

    it('serves the Swagger UI and the OpenAPI document', async () => {
      expect((await sut.request('/docs')).status).toBe(200);
      expect((await sut.request('/docs-json')).status).toBe(200);
    });
  });

  describe('DOCS_ENABLED=false outside production', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await createTestApp({ DOCS_ENABLED: 'false' });
    });
    afterAll(() => sut.close());

    it('answers 404 at /docs and /docs-json', async () => {
      expect((await sut.request('/docs')).status).toBe(404);
      expect((await sut.request('/docs-json')).status).toBe(404);
    });
  });
});
