import { createTestApp, TestApp } from '../support/test-app';
import { SESSION_ENV } from '../tokens/session.fixtures';

/** Raw JSON-typed bodies, sent byte for byte as given. */
function postRaw(
  sut: TestApp,
  path: string,
  body: string | Uint8Array,
  contentType = 'application/json',
): Promise<Response> {
  return sut.request(path, { method: 'POST', headers: { 'content-type': contentType }, body });
}

function nested(depth: number, inner = '1'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

/** Request bodies that cannot hurt the service: refused early, with a 400 in the right shape. */
describe('attack suite: hostile JSON bodies', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ ...SESSION_ENV });
  });
  afterAll(() => sut.close());

  describe('nesting depth (BODY_MAX_DEPTH, default 32)', () => {
    it.each([33, 5000, 40000])('refuses a body nested %d levels deep with 400', async (depth) => {
      const body = `{"username":${nested(depth - 1)},"password":"x"}`;
      const response = await postRaw(sut, '/auth/login', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'ERR_BODY_TOO_DEEP',
        message: 'The JSON body is nested deeper than 32 levels',
      });
    });

    it('lets a body of exactly 32 levels through to validation', async () => {
      const response = await postRaw(sut, '/auth/login', `{"username":${nested(31)}}`);
      const body = (await response.json()) as { code?: string };
      expect(response.status).toBe(400);
      expect(body.code).toBe('ERR_VALIDATION');
    });

    it('counts brackets inside strings as text', async () => {
      const username = JSON.stringify(`${'['.repeat(100)}\\"{{{`);
      const response = await postRaw(sut, '/auth/login', `{"username":${username},"password":"x"}`);
      expect(response.status).toBe(401);
    });

    it('answers the OAuth endpoints in the RFC 6749 shape', async () => {
      for (const path of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
        const response = await postRaw(sut, path, `{"grant_type":${nested(40)}}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({
          error: 'invalid_request',
          error_description: 'The JSON body is nested deeper than 32 levels',
        });
      }
    });
  });

  describe('bodies that are not JSON', () => {
    const cases: Array<[string, string | Uint8Array, string]> = [
      ['an empty body', '', 'ERR_BODY_MALFORMED'],
      ['whitespace only', '  \n', 'ERR_BODY_MALFORMED'],
      ['a syntax error', '{"username":"a",', 'ERR_BODY_MALFORMED'],
      // validator.js's isEmail throws URIError on one (PATCH /users/:id answered 500).
      ['an unpaired surrogate', '{"email":"\\udfff","password":"x"}', 'ERR_BODY_MALFORMED'],
      [
        'invalid UTF-8',
        new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
        'ERR_BODY_MALFORMED',
      ],
      ['a __proto__ member', '{"__proto__":{"admin":true}}', 'ERR_BODY_FORBIDDEN_MEMBER'],
      [
        'an escaped __proto__ member',
        '{"\\u005f_proto__":{"admin":true}}',
        'ERR_BODY_FORBIDDEN_MEMBER',
      ],
      [
        'constructor.prototype',
        '{"constructor":{"prototype":{"admin":true}}}',
        'ERR_BODY_FORBIDDEN_MEMBER',
      ],
    ];

    it.each(cases)('refuses %s with 400 and its code', async (_name, body, code) => {
      const response = await postRaw(sut, '/auth/login', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, code });
    });

    it.each(cases)('refuses %s on /oauth/token as invalid_request', async (_name, body) => {
      const response = await postRaw(sut, '/oauth/token', body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(answer).sort()).toEqual(['error', 'error_description']);
      expect(answer.error).toBe('invalid_request');
    });

    it('keeps the body limit (BODY_LIMIT): a larger body is 413', async () => {
      const body = JSON.stringify({
        username: 'a'.repeat(sut.config.http.bodyLimit),
        password: 'x',
      });
      const response = await postRaw(sut, '/auth/login', body);
      expect(response.status).toBe(413);
    });
  });

  describe('repeated members (RFC 6749 §3.1, RFC 8259 §4)', () => {
    it('refuses a repeated member on a DTO route with 400 ERR_BODY_DUPLICATE_MEMBER', async () => {
      const response = await postRaw(
        sut,
        '/auth/login',
        '{"username":"someone","password":"x","username":"admin"}',
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'ERR_BODY_DUPLICATE_MEMBER' });
    });

    it('refuses a member repeated in a nested object too', async () => {
      const response = await postRaw(
        sut,
        '/auth/register',
        '[{"username":"someone","username":"admin"}]',
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'ERR_BODY_DUPLICATE_MEMBER' });
    });

    it('refuses a repeated JSON member on the OAuth endpoints as invalid_request', async () => {
      const bodies: Array<[string, string]> = [
        ['/oauth/token', '{"grant_type":"password","grant_type":"client_credentials"}'],
        ['/oauth/introspect', '{"token":"a","token":"b"}'],
        ['/oauth/revoke', '{"token":"a","\\u0074oken":"b"}'],
      ];
      for (const [path, body] of bodies) {
        const response = await postRaw(sut, path, body);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
          error: 'invalid_request',
          error_description: expect.stringContaining('is repeated') as unknown,
        });
      }
    });

    it('still refuses a repeated form field', async () => {
      const response = await postRaw(
        sut,
        '/oauth/token',
        'grant_type=password&grant_type=client_credentials',
        'application/x-www-form-urlencoded',
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    });
  });
});
