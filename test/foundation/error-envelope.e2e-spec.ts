import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../support/test-app';
import { ADMIN_ENV, AdminSession, adminSession } from '../admin/admin.fixtures';

/** The fields every error body outside /oauth has, in this order (docs/architecture.md §5). */
const ENVELOPE = ['statusCode', 'error', 'code', 'message'];

async function envelopeOf(
  response: Response,
): Promise<{ status: number; keys: string[]; body: Record<string, unknown> }> {
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, keys: Object.keys(body), body };
}

/** One error envelope everywhere: validation, the framework's own errors, authentication. */
describe('error envelope', () => {
  let sut: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    sut = await createTestApp({ ...ADMIN_ENV, BODY_LIMIT: '2048' });
    admin = await adminSession(sut);
  });
  afterAll(() => sut.close());

  describe('validation errors: ERR_VALIDATION with one {field, message} per failed constraint', () => {
    it('lists each failed constraint of a JSON body, with a one-sentence message', async () => {
      const response = await admin.call('PATCH', `/users/${randomUUID()}`, {
        email: 'not-an-email',
        roles: ['Bad Role'],
        nickname: 'x',
      });

      const { status, keys, body } = await envelopeOf(response);
      expect(status).toBe(400);
      expect(keys).toEqual([...ENVELOPE, 'errors']);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'ERR_VALIDATION' });
      expect(body.errors).toEqual([
        { field: 'nickname', message: 'property nickname should not exist' },
        { field: 'email', message: 'email must be an email' },
        {
          field: 'roles',
          message: expect.stringMatching(/^each role must be/) as unknown,
        },
      ]);
      expect(body.message).toBe(
        (body.errors as { message: string }[]).map((error) => error.message).join('; '),
      );
    });

    it('answers a bad query the same way', async () => {
      const { status, body } = await envelopeOf(await admin.call('GET', '/users?offset=-1'));

      expect(status).toBe(400);
      expect(body).toMatchObject({
        code: 'ERR_VALIDATION',
        errors: [{ field: 'offset', message: 'offset must not be less than 0' }],
      });
    });

    it('answers a user id that is not a UUID the same way', async () => {
      const { status, keys, body } = await envelopeOf(await admin.call('GET', '/users/42'));

      expect(status).toBe(400);
      expect(keys).toEqual([...ENVELOPE, 'errors']);
      expect(body).toMatchObject({
        code: 'ERR_VALIDATION',
        message: 'id must be a UUID',
        errors: [{ field: 'id', message: 'id must be a UUID' }],
      });
    });

    it('keeps the specific code of a refused JSON body', async () => {
      const response = await sut.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":"a","username":"b","password":"x"}',
      });

      const { status, keys, body } = await envelopeOf(response);
      expect(status).toBe(400);
      expect(keys).toEqual(ENVELOPE);
      expect(body.code).toBe('ERR_BODY_DUPLICATE_MEMBER');
    });
  });

  describe("the framework's own errors", () => {
    it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
      'answers %s on an unknown route with ERR_ROUTE_NOT_FOUND',
      async (method) => {
        const response = await sut.request('/no/such/route', { method });

        const { status, keys, body } = await envelopeOf(response);
        expect(status).toBe(404);
        expect(keys).toEqual(ENVELOPE);
        expect(body).toEqual({
          statusCode: 404,
          error: 'Not Found',
          code: 'ERR_ROUTE_NOT_FOUND',
          message: `Cannot ${method} /no/such/route`,
        });
      },
    );

    it('answers an unknown method on a known path with ERR_ROUTE_NOT_FOUND', async () => {
      const response = await sut.request('/health/live', { method: 'DELETE' });

      expect(await envelopeOf(response)).toMatchObject({
        status: 404,
        keys: ENVELOPE,
        body: { code: 'ERR_ROUTE_NOT_FOUND' },
      });
    });

    it('answers a body over BODY_LIMIT with 413 ERR_BODY_TOO_LARGE', async () => {
      const response = await sut.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'x'.repeat(4096), password: 'x' }),
      });

      expect(await envelopeOf(response)).toMatchObject({
        status: 413,
        keys: ENVELOPE,
        body: { statusCode: 413, error: 'Payload Too Large', code: 'ERR_BODY_TOO_LARGE' },
      });
    });

    it('answers a media type no parser takes with 415 ERR_UNSUPPORTED_MEDIA_TYPE', async () => {
      const response = await sut.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: '<login/>',
      });

      expect(await envelopeOf(response)).toMatchObject({
        status: 415,
        keys: ENVELOPE,
        body: { statusCode: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' },
      });
    });
  });

  describe('a credential without the Bearer scheme on a guarded route', () => {
    // RFC 6750 §3.1: no Bearer credential is a request without authentication information,
    // answered with the bare challenge; the body is the envelope of every other error.
    it.each([
      ['Basic credentials', () => 'Basic cm9vdDpib290c3RyYXAgc2VjcmV0IDE='],
      ['a bare access token', () => admin.token],
      ['another scheme carrying the token', () => `Token ${admin.token}`],
    ])('answers %s with 401 ERR_TOKEN_MISSING', async (_case, authorization) => {
      const response = await sut.request('/users', { headers: { authorization: authorization() } });

      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
      expect(await envelopeOf(response)).toEqual({
        status: 401,
        keys: ENVELOPE,
        body: {
          statusCode: 401,
          error: 'Unauthorized',
          code: 'ERR_TOKEN_MISSING',
          message: 'Authentication required',
        },
      });
    });

    it('answers no Authorization header at all identically', async () => {
      const withBasic = await sut.request('/users', { headers: { authorization: 'Basic eDp5' } });
      const without = await sut.request('/users');

      expect(await without.json()).toEqual(await withBasic.json());
      expect(without.headers.get('www-authenticate')).toBe(
        withBasic.headers.get('www-authenticate'),
      );
    });
  });
});
