import fc from 'fast-check';
import { AttackTarget, attackTarget, bearerRequest } from './support/attack-target';

/** Random Authorization values and token-like strings over HTTP: 401 with a challenge, never 5xx. */
describe('attack suite: fuzzed Authorization headers', () => {
  let target: AttackTarget;

  beforeAll(async () => {
    target = await attackTarget();
  });
  afterAll(() => target.sut.close());

  // What fetch() lets through a header value: visible ASCII, space and tab, not at the ends.
  const headerChar = fc.constantFrom(
    ...Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)),
    '\t',
  );

  it('answers random Bearer credentials with 401 invalid_token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: headerChar, minLength: 1, maxLength: 400 }),
        async (raw) => {
          const token = raw.trim().replaceAll(' ', '').replaceAll('\t', '') || 'x';
          const response = await bearerRequest(target.sut, `Bearer ${token}`);
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers random segments around the real token parts with 401, never 5xx', async () => {
    const parts = target.session.access_token.split('.');
    const part = fc.oneof(fc.constantFrom(...parts), fc.base64String({ maxLength: 80 }));
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: 5 }), async (segments) => {
        const token = segments.join('.');
        fc.pre(token !== target.session.access_token);
        const response = await bearerRequest(target.sut, `Bearer ${token}`);
        expect(response.status).toBe(401);
        await response.arrayBuffer();
      }),
      { numRuns: 150 },
    );
  });

  it('answers any Authorization value with 401, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: headerChar, minLength: 1, maxLength: 200 }),
        async (raw) => {
          const value = raw.trim() || 'x';
          const response = await bearerRequest(target.sut, value);
          expect(response.status).toBe(401);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
  });
});
