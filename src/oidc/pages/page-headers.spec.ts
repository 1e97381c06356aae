import { pageHeaders } from './page-headers';

describe('hosted page headers', () => {
  const policyOf = (targets: readonly string[]) =>
    pageHeaders(targets)['Content-Security-Policy'].split('; ');

  it('forbids caching, framing, sniffing and referrers', () => {
    expect(pageHeaders([])).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'",
    });
  });

  it('allows no script source at all', () => {
    const policy = policyOf(['https://app.example/cb']);

    expect(policy.some((directive) => directive.startsWith('script-src'))).toBe(false);
    expect(policy).toContain("default-src 'none'");
  });

  it('adds the origin of each form target to form-action, once each', () => {
    const policy = policyOf([
      'https://App.Example/callback?x=1#frag',
      'https://app.example/other',
      'http://127.0.0.1:8080/cb',
      'http://[::1]:3000/cb',
      'https://bücher.example/cb',
    ]);

    expect(policy).toContain(
      "form-action 'self' https://app.example http://127.0.0.1:8080 http://[::1]:3000 " +
        'https://xn--bcher-kva.example',
    );
  });

  it.each([
    ['not a URL', 'not a url'],
    ['a custom scheme (its origin is "null")', 'com.example.app:/callback'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a host that would end the directive', "https://a;script-src 'unsafe-inline'.example/"],
    ['a host with a quote', "https://a'b.example/"],
    ['a host with a comma', 'https://a,b.example/'],
  ])('leaves out %s', (_case, target) => {
    expect(policyOf([target])).toContain("form-action 'self'");
    expect(pageHeaders([target])['Content-Security-Policy']).not.toContain('script-src');
    expect(pageHeaders([target])['Content-Security-Policy'].split(';')).toHaveLength(6);
  });
});
