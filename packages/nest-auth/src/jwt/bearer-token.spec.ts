import { thrownCode } from '../../test/thrown-code';
import { extractBearerToken } from './bearer-token';

describe(extractBearerToken.name, () => {
  const sut = extractBearerToken;

  it.each(['Bearer abc.def.ghi', 'bearer abc.def.ghi', 'BEARER  abc.def.ghi'])(
    'takes the token of %j',
    (header) => {
      expect(sut(header)).toBe('abc.def.ghi');
    },
  );

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a header list', ['Bearer a', 'Bearer b']],
  ])('answers %s as a missing token', (_name, header) => {
    expect(thrownCode(() => sut(header))).toBe('ERR_TOKEN_MISSING');
  });

  it.each([
    ['a bare scheme', 'Bearer'],
    ['a scheme and a space', 'Bearer '],
    ['two tokens', 'Bearer a b'],
    ['a trailing space', 'Bearer abc '],
  ])('answers %s as malformed', (_name, header) => {
    expect(thrownCode(() => sut(header))).toBe('ERR_TOKEN_MALFORMED');
  });
});
