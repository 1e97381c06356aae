import fc from 'fast-check';
import {
  AUDIENCE,
  claims,
  encodeSegment,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
} from '../../test/token-factory';
import { TOKEN_ERROR_HTTP as ERROR_HTTP } from '../errors/error-http';
import { AuthenticationError } from '../errors/token.errors';
import { AccessTokenVerifier } from './access-token.verifier';
import { extractBearerToken } from './bearer-token';
import { parseCompactJws } from './compact-jws.parser';
import { JWS_ALGORITHMS } from './jws-header.check';

/**
 * Whatever arrives in an Authorization header, the parser and the verifier answer with a typed
 * 401-class error, never another exception (which the service would turn into a 500).
 */
const keys = JWS_ALGORITHMS.map((alg) => testKey(alg));
const sut = new AccessTokenVerifier(
  {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: JWS_ALGORITHMS,
    clockTolerance: 0,
    now: () => NOW,
  },
  new InMemoryKeyResolver(...keys),
);
const valid = signToken(keys[0]);
const [validHeader, validPayload, validSignature] = valid.split('.');

const RUNS = { numRuns: 300 };

/** Resolves to the code of the typed error; fails the property on success or any other throw. */
async function refusedWithTypedError(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    expect(ERROR_HTTP[error.code]?.status).toBe(401);
    return error.code;
  }
  throw new Error('accepted');
}

const base64urlChars = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. \t'.split(''),
);
const segmentLike = fc.string({ unit: base64urlChars, maxLength: 60 });
const jsonText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.string(),
);

describe(`${AccessTokenVerifier.name} (properties)`, () => {
  it('refuses any string with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (token) => {
        await refusedWithTypedError(() => sut.verify(token));
        await refusedWithTypedError(() => parseCompactJws(token));
      }),
      RUNS,
    );
  });

  it('refuses any byte sequence, read as latin1 or as UTF-8, with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const buffer = Buffer.from(bytes);
        for (const token of [buffer.toString('latin1'), buffer.toString('utf8')]) {
          await refusedWithTypedError(() => sut.verify(token));
        }
        await refusedWithTypedError(() => sut.verify(buffer.toString('base64url')));
      }),
      RUNS,
    );
  });

  it('refuses dotted strings of base64-like segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segmentLike, { maxLength: 6 }), async (segments) => {
        await refusedWithTypedError(() => sut.verify(segments.join('.')));
      }),
      RUNS,
    );
  });

  it('refuses any JSON as header or payload, with the real signature or none', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, jsonText, fc.boolean(), async (header, payload, keepSignature) => {
        const signature = keepSignature ? validSignature : '';
        const tokens = [
          `${encodeSegment(header)}.${validPayload}.${validSignature}`,
          `${validHeader}.${encodeSegment(payload)}.${validSignature}`,
          `${encodeSegment(header)}.${encodeSegment(payload)}.${signature}`,
        ];
        for (const token of tokens) await refusedWithTypedError(() => sut.verify(token));
      }),
      RUNS,
    );
  });

  it('refuses signed tokens whose claims are arbitrary values, never throwing otherwise', async () => {
    const claimNames = fc.constantFrom(
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'sub',
      'jti',
      'client_id',
      'token_use',
      'roles',
      'permissions',
      'scope',
      'username',
      'act',
      '__proto__',
      'constructor',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        claimNames,
        fc.jsonValue({ maxDepth: 3 }),
        async (key, name, value) => {
          const payload = { ...claims(), [name]: value };
          const token = signToken(key, payload);
          try {
            await sut.verify(token);
          } catch (error) {
            if (!(error instanceof AuthenticationError)) throw error;
          }
        },
      ),
      RUNS,
    );
  });

  it('refuses signature bytes of any length for every algorithm', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        fc.uint8Array({ maxLength: 600 }),
        async (key, bytes) => {
          const signingInput = signToken(key).split('.').slice(0, 2).join('.');
          const token = `${signingInput}.${Buffer.from(bytes).toString('base64url')}`;
          await refusedWithTypedError(() => sut.verify(token));
        },
      ),
      RUNS,
    );
  });

  it('extracts Bearer credentials from any header value or throws a typed error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
        try {
          extractBearerToken(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AuthenticationError);
        }
      }),
      RUNS,
    );
  });

  it('still accepts the valid token (the properties are not vacuous)', async () => {
    await expect(sut.verify(valid)).resolves.toMatchObject({ sub: 'user-1' });
  });
});
