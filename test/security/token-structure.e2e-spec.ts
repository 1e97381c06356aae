import { request as httpRequest } from 'node:http';
import { AttackTarget, attackTarget, refusal, refusedEverywhere } from './support/attack-target';
import { b64u, compact, flipSignatureBit, json } from './support/hostile-tokens';

/**
 * Tokens that are not well-formed compact JWS (RFC 7515 §7.1, RFC 8725 §3.1/§3.2): every one is
 * a 401 with `error="invalid_token"` on every bearer route, never a 500.
 */
describe('attack suite: token structure', () => {
  let target: AttackTarget;
  let valid: string;
  let segments: string[];

  beforeAll(async () => {
    target = await attackTarget();
    valid = target.session.access_token;
    segments = valid.split('.');
  });
  afterAll(() => target.sut.close());

  it('accepts the untouched token (the harness itself is sound)', async () => {
    const response = await target.sut.request('/auth/me', {
      headers: { authorization: `Bearer ${valid}` },
    });
    expect(response.status).toBe(200);
  });

  describe('alg "none" in any letter case (RFC 8725 §3.1)', () => {
    const spellings = ['none', 'None', 'NONE', 'nOnE', 'NoNe'];

    it.each(spellings)('%s without a signature', async (alg) => {
      const header = json({ ...target.header, alg });
      // "a.b." (empty signature, the RFC 7519 §6 unsecured form) and "a.b" (no third segment).
      await refusedEverywhere(target.sut, compact(header, json(target.claims), ''));
      await refusedEverywhere(target.sut, `${b64u(header)}.${b64u(json(target.claims))}`);
    });

    it.each(spellings)('%s with a signature, also the server key signing it', async (alg) => {
      const header = json({ ...target.header, alg });
      await refusedEverywhere(target.sut, `${b64u(header)}.${segments[1]}.${segments[2]}`);
      await refusedEverywhere(target.sut, target.serverSigned(header, json(target.claims)));
    });
  });

  describe('broken structure', () => {
    const cases: Array<[string, () => string]> = [
      ['empty string after Bearer', () => ''],
      ['one segment', () => segments[0]],
      ['two segments', () => `${segments[0]}.${segments[1]}`],
      ['four segments', () => `${valid}.${segments[2]}`],
      ['five segments (a JWE shape)', () => `${segments[0]}..${segments[1]}..${segments[2]}`],
      ['a trailing dot', () => `${valid}.`],
      ['a leading dot', () => `.${valid}`],
      ['an empty header', () => `.${segments[1]}.${segments[2]}`],
      ['an empty payload', () => `${segments[0]}..${segments[2]}`],
      ['a truncated signature', () => valid.slice(0, -4)],
      ['a signature cut in half', () => valid.slice(0, valid.length - segments[2].length / 2)],
      ['one altered signature bit', () => flipSignatureBit(valid)],
      ['standard base64 (+/=) signature', () => withSignature(standardBase64(segments[2]))],
      ['padded base64url signature', () => `${valid}==`],
      ['standard base64 header', () => valid.replace(segments[0], standardBase64(segments[0]))],
      ['a tab inside', () => `${valid.slice(0, 20)}\t${valid.slice(20)}`],
      ['a space inside', () => `${valid.slice(0, 20)} ${valid.slice(20)}`],
      ['a non-ASCII character', () => `${valid.slice(0, -1)}é`],
      ['a header that is not JSON', () => valid.replace(segments[0], b64u('{"alg":"RS256"'))],
      ['a header that is a JSON array', () => valid.replace(segments[0], b64u('["RS256"]'))],
      ['a header that is a JSON string', () => valid.replace(segments[0], b64u('"at+jwt"'))],
      [
        'a payload that is not UTF-8',
        () => valid.replace(segments[1], b64u(Buffer.from([0xc3, 0x28]))),
      ],
      ['a payload that is null', () => valid.replace(segments[1], b64u('null'))],
      ['a JWE (five parts, enc header)', () => jweShaped()],
    ];

    it.each(cases)('%s', async (_name, make) => {
      await refusedEverywhere(target.sut, make());
    });

    it('a 10 KB token is refused before any parsing work', async () => {
      const header = json({ ...target.header, pad: 'x'.repeat(10 * 1024) });
      const codes = await refusedEverywhere(
        target.sut,
        target.serverSigned(header, json(target.claims)),
      );
      expect(codes[0]).toBe('ERR_TOKEN_MALFORMED');
    });
  });

  describe('hostile kid values (never used as a path, query or command)', () => {
    const kids: Array<[string, unknown]> = [
      ['path traversal', '../../../../etc/passwd'],
      ['a file URL', 'file:///etc/passwd'],
      ['SQL', "' OR '1'='1' --"],
      ['SQL with a statement', "x'; DROP TABLE signing_keys; --"],
      ['shell', '$(touch /tmp/pwned); `id` | cat'],
      ['a NUL byte', 'kid\u0000'],
      ['10 KB long', 'k'.repeat(10 * 1024)],
      ['300 characters (over the kid limit, under the token limit)', 'k'.repeat(300)],
      ['empty', ''],
      ['a number', 1],
      ['an object', { $ne: null }],
      ['an array', [String('x')]],
      ['null', null],
      ['true', true],
    ];

    it.each(kids)('%s', async (_name, kid) => {
      await refusedEverywhere(target.sut, target.withHeader({ kid }));
      await refusedEverywhere(
        target.sut,
        `${b64u(json({ ...target.header, kid }))}.${segments[1]}.${segments[2]}`,
      );
    });

    it('left the key table intact', async () => {
      const jwks = (await (await target.sut.request('/.well-known/jwks.json')).json()) as {
        keys: unknown[];
      };
      expect(jwks.keys).toHaveLength(2);
    });
  });

  it('duplicate header members are refused, whichever comes last (RFC 7515 §4)', async () => {
    const { alg, kid } = target.header as { alg: string; kid: string };
    const headers = [
      `{"alg":"none","typ":"at+jwt","kid":"${kid}","alg":"${alg}"}`,
      `{"alg":"${alg}","typ":"at+jwt","kid":"${kid}","alg":"none"}`,
      `{"alg":"${alg}","typ":"JWT","kid":"${kid}","typ":"at+jwt"}`,
      `{"alg":"${alg}","typ":"at+jwt","kid":"other","kid":"${kid}"}`,
      `{"alg":"${alg}","typ":"at+jwt","kid":"${kid}","\\u0061lg":"${alg}"}`,
    ];
    for (const header of headers) {
      await refusedEverywhere(target.sut, target.serverSigned(header, json(target.claims)));
    }
  });

  it('answers a 17 KB Authorization header with 431, not 401 or 500', async () => {
    const status = await rawStatus(target.sut.baseUrl, {
      authorization: `Bearer ${'a'.repeat(17 * 1024)}`,
    });
    expect(status).toBe(431);
  });

  it('answers a 1 MB body with 413 before authenticating or parsing it', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(1024 * 1024), password: 'y' });
    for (const path of ['/auth/login', '/auth/register', '/auth/refresh', '/auth/logout']) {
      const response = await target.sut.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${valid}` },
        body: big,
      });
      expect(response.status).toBe(413);
    }
  });

  it('gives a malformed token its own code and a fixed description', async () => {
    expect(await refusal(target.sut, `${valid}.`)).toBe('ERR_TOKEN_MALFORMED');
    expect(await refusal(target.sut, flipSignatureBit(valid))).toBe('ERR_TOKEN_INVALID');
  });

  function withSignature(signature: string): string {
    return `${segments[0]}.${segments[1]}.${signature}`;
  }

  function jweShaped(): string {
    const header = b64u(json({ alg: 'dir', enc: 'A256GCM', kid: target.header.kid }));
    return `${header}..${b64u('iv')}.${segments[1]}.${b64u('tag')}`;
  }
});

function standardBase64(segment: string): string {
  return Buffer.from(segment, 'base64url').toString('base64');
}

/** fetch() refuses oversized headers itself, so send the request over a raw socket. */
function rawStatus(baseUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}/auth/me`, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}
