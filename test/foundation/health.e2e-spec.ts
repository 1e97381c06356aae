import { createTestApp, TestApp } from '../support/test-app';

describe('Service foundation (HTTP)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('answers liveness', async () => {
    const response = await sut.request('/health/live');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with the database up', async () => {
    const response = await sut.request('/health/ready');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
    });
  });

  it('serves an OpenAPI 3 document with a bearer scheme and the package version', async () => {
    const response = await sut.request('/docs-json');
    const document = (await response.json()) as {
      openapi: string;
      info: { title: string; version: string };
      components: { securitySchemes: Record<string, { scheme: string }> };
      paths: Record<string, unknown>;
    };

    expect(response.status).toBe(200);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({
      title: 'Warden',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(Object.values(document.components.securitySchemes)).toContainEqual(
      expect.objectContaining({ scheme: 'bearer' }),
    );
    expect(document.paths).toHaveProperty('/health/ready');
  });

  it('serves the Swagger UI', async () => {
    const response = await sut.request('/docs');

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });

  it('gives every response a request id, and keeps a well-formed one from the caller', async () => {
    const generated = await sut.request('/health/live');
    const propagated = await sut.request('/health/live', {
      headers: { 'x-request-id': 'trace-123' },
    });
    const hostile = await sut.request('/health/live', {
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });

    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(propagated.headers.get('x-request-id')).toBe('trace-123');
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers on every response', async () => {
    const response = await sut.request('/health/live');

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await sut.request('/no-such-route');

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
