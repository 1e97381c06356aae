import fc from 'fast-check';
import { WardenError } from './errors/warden-error';
import { duplicateMemberOf, parseJsonBody } from './json-body';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const sut = (text: string | Uint8Array, maxDepth = 32): unknown =>
  parseJsonBody(typeof text === 'string' ? bytes(text) : text, maxDepth);

describe(parseJsonBody.name, () => {
  it('parses a JSON body (a leading BOM is ignored)', () => {
    expect(sut('{"a":[1,"x",null]}')).toEqual({ a: [1, 'x', null] });
    expect(sut('\uFEFF{"a":1}')).toEqual({ a: 1 });
    expect(sut('null')).toBeNull();
  });

  it.each([
    ['', 'ERR_BODY_MALFORMED'],
    [' \t\n', 'ERR_BODY_MALFORMED'],
    ['{"a":', 'ERR_BODY_MALFORMED'],
    ['{"a":1}}', 'ERR_BODY_MALFORMED'],
    ['[[[[1]]]]', 'ERR_BODY_TOO_DEEP'],
    ['[[[[', 'ERR_BODY_TOO_DEEP'],
    ['{"__proto__":{"admin":true}}', 'ERR_BODY_FORBIDDEN_MEMBER'],
    ['{"a":{"\\u005f\\u005fproto__":1}}', 'ERR_BODY_FORBIDDEN_MEMBER'],
    ['{"constructor":{"prototype":{}}}', 'ERR_BODY_FORBIDDEN_MEMBER'],
    ['{"a":"\\ud800"}', 'ERR_BODY_MALFORMED'],
    ['{"a":["x\\udfffy"]}', 'ERR_BODY_MALFORMED'],
    ['{"\\udc00":1}', 'ERR_BODY_MALFORMED'],
  ])('refuses %j with %s', (text, code) => {
    expect(() => sut(text, 3)).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('keeps a surrogate pair, escaped or not, and an escaped backslash before "u"', () => {
    expect(sut('{"a":"\\ud83d\\ude00","b":"\u{1F600}","c":"\\\\udfff"}')).toEqual({
      a: '\u{1F600}',
      b: '\u{1F600}',
      c: '\\udfff',
    });
  });

  it('refuses bytes that are not UTF-8 (RFC 8259 §8.1)', () => {
    expect(() => sut(new Uint8Array([0x22, 0xff, 0x22]))).toThrow(
      expect.objectContaining({ code: 'ERR_BODY_MALFORMED' }) as Error,
    );
  });

  it('refuses on depth before parsing: a deep body that is not even JSON is too deep', () => {
    expect(() => sut('[{[{[{[{', 4)).toThrow(
      expect.objectContaining({
        code: 'ERR_BODY_TOO_DEEP',
        message: expect.stringContaining('4 levels') as string,
      }) as Error,
    );
  });

  it('records the first repeated member at any depth, invisibly', () => {
    const body = sut('{"a":1,"b":{"c":1,"c":2}}');
    expect(duplicateMemberOf(body)).toBe('c');
    expect(Object.keys(body as object)).toEqual(['a', 'b']);
    expect(JSON.stringify(body)).toBe('{"a":1,"b":{"c":2}}');
    expect(duplicateMemberOf(sut('[{"x":1},{"x":2}]'))).toBeUndefined();
    expect(duplicateMemberOf(sut('{"\\u0061":1,"a":2}'))).toBe('a');
  });

  it('returns or throws a WardenError for any bytes, never anything else', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 1, max: 8 }),
        (raw, depth) => {
          try {
            parseJsonBody(raw, depth);
          } catch (error) {
            expect(error).toBeInstanceOf(WardenError);
          }
        },
      ),
    );
  });

  it('parses any JSON value back to itself when it is within the depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        fc.pre(!/"(__proto__|constructor)"/.test(text));
        expect(sut(text, 6)).toEqual(JSON.parse(text));
      }),
    );
  });
});
