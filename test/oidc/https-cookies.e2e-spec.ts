import type { OAuthTestApp } from '../oauth/oauth.fixtures';
import { UserAgent } from './agent';
import { findForm } from './html';
import {
  authorizationRequest,
  createOidcApp,
  createOidcClient,
  LOGIN_ACTION,
  registeredAccount,
} from './oidc.fixtures';

/**
 * Behind TLS (an https issuer, the proxy in front speaking http to the service), the session
 * cookie is a `__Host-` cookie (RFC 6265bis §4.1.3.2): Secure, Path=/, no Domain.
 */
describe('OpenID cookies of an https issuer', () => {
  let sut: OAuthTestApp;

  beforeAll(async () => {
    sut = await createOidcApp({ JWT_ISSUER: 'https://login.example.com' });
  });
  afterAll(() => sut.close());

  it('sets __Host-warden_session, Secure, and every cookie Secure', async () => {
    const client = await createOidcClient(sut);
    const who = await registeredAccount(sut);
    // The agent talks to the service itself; the pages' URLs are relative to it.
    const agent = new UserAgent(sut.baseUrl);
    const request = await authorizationRequest(sut, client);
    const page = await agent.request(`${sut.baseUrl}${request.url.pathname}${request.url.search}`);

    const done = await agent.request(new URL(LOGIN_ACTION, sut.baseUrl), {
      ...findForm(page.html, LOGIN_ACTION)?.hidden,
      username: who.username,
      password: who.password,
    });

    expect(done.status).toBe(303);
    expect(done.location?.searchParams.get('iss')).toBe('https://login.example.com');
    const cookies = [...page.headers.getSetCookie(), ...done.headers.getSetCookie()];
    const session = cookies.find((line) => line.startsWith('__Host-warden_session='));
    const attributes = (session ?? '').split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'path=/']));
    expect(attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);
    expect(cookies.some((line) => line.startsWith('warden_session='))).toBe(false);
    for (const line of cookies) expect(line.toLowerCase()).toMatch(/;\s*secure(;|$)/);
  });
});
