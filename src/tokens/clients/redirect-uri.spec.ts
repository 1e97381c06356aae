import {
  isLoopbackHost,
  MAX_CLIENT_URI_LENGTH,
  originProblem,
  redirectUriProblem,
} from './redirect-uri';

describe(redirectUriProblem.name, () => {
  it.each([
    'https://app.example.com/callback',
    'https://app.example.com/cb?tenant=acme',
    'https://app.example.com:8443/cb',
    'http://localhost:3000/callback',
    'http://127.0.0.1:8080/cb',
    'http://[::1]:8080/cb',
    `https://app.example.com/${'a'.repeat(MAX_CLIENT_URI_LENGTH - 25)}`,
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ['a relative reference', '/callback', /absolute URI/],
    ['no scheme', 'app.example.com/cb', /absolute URI/],
    ['no authority', 'https:app.example.com/cb', /absolute URI/],
    ['an empty host', 'https:///cb', /absolute URI/],
    ['an empty string', '', /empty/],
    ['a fragment', 'https://app.example.com/cb#done', /fragment/],
    ['an empty fragment', 'https://app.example.com/cb#', /fragment/],
    ['user information', 'https://user@app.example.com/cb', /user information/],
    ['a password', 'https://user:pw@app.example.com/cb', /user information/],
    ['a wildcard host', 'https://*.example.com/cb', /wildcard/],
    ['a wildcard path', 'https://app.example.com/*', /wildcard/],
    ['http on another host', 'http://app.example.com/cb', /https/],
    ['http on a host named like loopback', 'http://localhost.example.com/cb', /https/],
    ['another scheme', 'ftp://app.example.com/cb', /https/],
    ['a custom scheme', 'com.example.app:/callback', /absolute URI/],
    ['javascript', 'javascript://%0aalert(1)', /https/],
    ['a space', 'https://app.example.com/a b', /ASCII/],
    ['a control character', 'https://app.example.com/\u0000', /ASCII/],
    ['non-ASCII', 'https://bücher.example/cb', /ASCII/],
    ['too long', `https://app.example.com/${'a'.repeat(MAX_CLIENT_URI_LENGTH)}`, /at most/],
  ])('refuses %s', (_case, uri, reason) => {
    expect(redirectUriProblem(uri)).toMatch(reason);
  });
});

describe(originProblem.name, () => {
  it.each([
    'https://app.example.com',
    'https://app.example.com:8443',
    'http://localhost:3000',
    'http://127.0.0.1:5173',
    'http://[::1]:5173',
  ])('accepts %s', (origin) => {
    expect(originProblem(origin)).toBeUndefined();
  });

  it.each([
    ['a trailing slash', 'https://app.example.com/', /without path/],
    ['a path', 'https://app.example.com/app', /without path/],
    ['a query', 'https://app.example.com?x=1', /without path/],
    ['a fragment', 'https://app.example.com#x', /without path/],
    ['user information', 'https://user@app.example.com', /user information/],
    ['a wildcard', 'https://*.example.com', /wildcard/],
    ['http on another host', 'http://app.example.com', /https/],
    ['no scheme', 'app.example.com', /absolute URI/],
    ['the opaque origin', 'null', /absolute URI/],
  ])('refuses %s', (_case, origin, reason) => {
    expect(originProblem(origin)).toMatch(reason);
  });

  it.each([
    ['the default port', 'https://app.example.com:443', '"https://app.example.com"'],
    ['upper case', 'https://App.Example.com', '"https://app.example.com"'],
    ['an upper-case scheme', 'HTTPS://app.example.com', '"https://app.example.com"'],
  ])('names the form browsers send for %s', (_case, origin, expected) => {
    expect(originProblem(origin)).toContain(expected);
  });
});

describe(isLoopbackHost.name, () => {
  it('knows the three loopback hosts and nothing else', () => {
    expect(['localhost', '127.0.0.1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.', 'example.com', '::1', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});
