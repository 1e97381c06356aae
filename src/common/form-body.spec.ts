import { parseFormBody } from './form-body';

describe(parseFormBody.name, () => {
  it('decodes names and values', () => {
    expect(parseFormBody('grant_type=client_credentials&scope=a+b%3Ac')).toEqual({
      grant_type: 'client_credentials',
      scope: 'a b:c',
    });
  });

  it('keeps every value of a repeated name', () => {
    expect(parseFormBody('scope=a&scope=b&scope=c')).toEqual({ scope: ['a', 'b', 'c'] });
  });

  it('treats __proto__ as an ordinary name', () => {
    const sut = parseFormBody('__proto__=x&a=1');

    expect(Object.getPrototypeOf(sut)).toBe(Object.prototype);
    expect(Object.hasOwn(sut, '__proto__')).toBe(true);
    expect(sut.a).toBe('1');
  });

  it('parses an empty body to an empty object', () => {
    expect(parseFormBody('')).toEqual({});
  });
});
