import { thrownCode } from '../../test/thrown-code';
import { encodeSegment } from '../../test/token-factory';
import { parseCompactJws } from './compact-jws.parser';

const header = encodeSegment({ alg: 'ES256', kid: 'k', typ: 'at+jwt' });
const payload = encodeSegment({ sub: 'user-1' });
const signature = Buffer.alloc(64, 7).toString('base64url');

describe(parseCompactJws.name, () => {
  const sut = parseCompactJws;

  it('splits and decodes a compact JWS', () => {
    const parsed = sut(`${header}.${payload}.${signature}`);

    expect(parsed.header).toEqual({ alg: 'ES256', kid: 'k', typ: 'at+jwt' });
    expect(parsed.payload).toEqual({ sub: 'user-1' });
    expect(parsed.signingInput.toString()).toBe(`${header}.${payload}`);
    expect(parsed.signature).toHaveLength(64);
  });

  it.each([
    ['two segments', `${header}.${payload}`],
    ['four segments', `${header}.${payload}.${signature}.${signature}`],
    ['an empty signature', `${header}.${payload}.`],
    ['an empty header', `.${payload}.${signature}`],
    ['padding', `${header}.${payload}.${signature}==`],
    ['standard base64 characters', `${header}.${payload}.${signature.slice(0, -2)}+/`],
    ['leading whitespace', ` ${header}.${payload}.${signature}`],
    ['inner whitespace', `${header}. ${payload}.${signature}`],
    ['a trailing newline', `${header}.${payload}.${signature}\n`],
    ['an impossible segment length', `${header}.${payload}.${signature}AAA`],
    ['non-canonical trailing bits', `${header}.${payload}.${signature.slice(0, -1)}B`],
    ['a header that is not JSON', `${encodeSegment('not json')}.${payload}.${signature}`],
    ['a header that is an array', `${encodeSegment('[]')}.${payload}.${signature}`],
    ['a payload that is null', `${header}.${encodeSegment('null')}.${signature}`],
    ['a payload that is a string', `${header}.${encodeSegment('"sub"')}.${signature}`],
    [
      'a payload that is not UTF-8',
      `${header}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${signature}`,
    ],
    ['a token over the size limit', `${header}.${'A'.repeat(9000)}.${signature}`],
  ])('refuses %s as malformed', (_name, token) => {
    expect(thrownCode(() => sut(token))).toBe('ERR_TOKEN_MALFORMED');
  });

  it.each(['=', ' ', '\t', '%', 'é', '\u0000', '+', '/', '*'])(
    'refuses %j anywhere in the token',
    (character) => {
      const token = `${header}.${payload}.${signature}`;
      for (let at = 0; at < token.length; at += 7) {
        if (token[at] === '.') continue;
        const broken = `${token.slice(0, at)}${character}${token.slice(at + 1)}`;

        expect(thrownCode(() => sut(broken))).toBe('ERR_TOKEN_MALFORMED');
      }
    },
  );

  it('keeps a "__proto__" member as data without touching prototypes', () => {
    const parsed = sut(`${header}.${encodeSegment('{"__proto__":{"admin":true}}')}.${signature}`);

    expect(Object.getPrototypeOf(parsed.payload)).toBe(Object.prototype);
    expect((parsed.payload as { admin?: unknown }).admin).toBeUndefined();
    expect(({} as { admin?: unknown }).admin).toBeUndefined();
  });

  it('tolerates duplicate members by keeping the last (only a key holder can sign them)', () => {
    const parsed = sut(`${header}.${encodeSegment('{"sub":"a","sub":"b"}')}.${signature}`);

    expect(parsed.payload.sub).toBe('b');
  });
});
