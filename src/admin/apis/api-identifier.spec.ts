import { isApiIdentifier, MAX_API_IDENTIFIER_LENGTH } from './api-identifier';

describe(isApiIdentifier.name, () => {
  it.each([
    ['an https URI', 'https://billing.example.com'],
    ['an http URI with a path, query and port', 'http://api.example.com:8080/v1?tenant=a'],
    ['a percent-encoded path', 'https://example.com/caf%C3%A9'],
    ['a URN', 'urn:example:billing'],
    ['a URN whose NSS has slashes', 'urn:example:billing/v2'],
    ['a name', 'billing'],
    ['a name with dots, colons and dashes', 'billing.v2:read-only_x'],
    ['the longest name', 'a'.repeat(MAX_API_IDENTIFIER_LENGTH)],
  ])('accepts %s', (_case, value) => {
    expect(isApiIdentifier(value)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['a name too long', 'a'.repeat(MAX_API_IDENTIFIER_LENGTH + 1)],
    ['a URI too long', `https://example.com/${'a'.repeat(MAX_API_IDENTIFIER_LENGTH)}`],
    ['a fragment (RFC 8707 §2)', 'https://billing.example.com/#top'],
    ['whitespace', 'https://billing.example.com/a b'],
    ['a control character', 'billing\u0000'],
    ['a newline', 'https://billing.example.com/\n'],
    ['non-ASCII', 'https://bïlling.example.com'],
    ['a name starting with a dot', '.billing'],
    ['a relative reference', '/billing'],
    ['another scheme', 'ftp://billing.example.com'],
    ['an upper-case scheme', 'HTTPS://billing.example.com'],
    ['no authority', 'https:///billing'],
    ['an empty authority', 'https://'],
    ['a broken percent-encoding', 'https://example.com/%zz'],
    ['a URN whose NSS starts with a slash', 'urn:example:/billing'],
    ['a URN with a one-letter NID', 'urn:x:billing/v2'],
  ])('refuses %s', (_case, value) => {
    expect(isApiIdentifier(value)).toBe(false);
  });
});
