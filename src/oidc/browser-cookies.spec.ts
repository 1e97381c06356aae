import { cookieNames, csrfMatches, randomToken, readCookie, setCookie } from './browser-cookies';

describe('browser cookies', () => {
  it('uses the __Host- prefix and Secure on an https issuer only', () => {
    expect(cookieNames('https://id.example.com')).toEqual({
      session: '__Host-warden_session',
      csrf: '__Host-warden_csrf',
      secure: true,
    });
    expect(cookieNames('http://127.0.0.1:3000').session).toBe('warden_session');
  });

  it('writes HttpOnly, SameSite=Lax, Path=/ cookies', () => {
    const names = cookieNames('https://id.example.com');
    expect(setCookie(names, names.session, 'v', 60)).toBe(
      '__Host-warden_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure',
    );
  });

  it('reads one cookie of a header', () => {
    expect(readCookie('a=1; warden_session=xyz; b=2', 'warden_session')).toBe('xyz');
    expect(readCookie('xwarden_session=1', 'warden_session')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });

  it('matches a CSRF field only to the same random cookie', () => {
    const token = randomToken();
    expect(csrfMatches(token, token)).toBe(true);
    expect(csrfMatches(token, randomToken())).toBe(false);
    expect(csrfMatches(undefined, token)).toBe(false);
    expect(csrfMatches(token, [token])).toBe(false);
    expect(csrfMatches('short', 'short')).toBe(false);
  });
});
