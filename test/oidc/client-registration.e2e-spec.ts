import { api } from '../admin/admin.fixtures';
import { errorOf, OAuthTestApp, postForm } from '../oauth/oauth.fixtures';
import { UserAgent } from './agent';
import { findForm } from './html';
import {
  authorizationRequest,
  createOidcApp,
  createOidcClient,
  LOGIN_ACTION,
  OidcClient,
  registeredAccount,
} from './oidc.fixtures';

type Body = Record<string, unknown>;

const BROWSER_APP: Body = {
  name: 'browser app',
  permissions: [],
  grant_types: ['authorization_code', 'refresh_token'],
  redirect_uris: ['https://app.example.com/callback'],
};

/** The contract's rules for a browser client's registration (RFC 6749 §3.1.2, RFC 8252 §7.3). */
describe('OpenID client registration', () => {
  let sut: OAuthTestApp;

  const create = (body: Body) => api(sut, 'POST', '/clients', sut.adminToken, body);
  const fieldsOf = async (response: Response): Promise<string[]> => {
    const body = (await response.json()) as { errors?: { field: string }[] };
    return (body.errors ?? []).map((error) => error.field.split(/[.[]/)[0]);
  };

  beforeAll(async () => {
    sut = await createOidcApp();
  });
  afterAll(() => sut.close());

  it.each([
    ['https', ['https://app.example.com/callback', 'https://app.example.com/cb?tenant=1']],
    ['http on loopback', ['http://localhost:8080/cb', 'http://127.0.0.1/cb', 'http://[::1]:9/cb']],
  ])('registers redirect URIs over %s, and shows them back', async (_, uris) => {
    const response = await create({ ...BROWSER_APP, redirect_uris: uris });

    expect(response.status).toBe(201);
    const created = (await response.json()) as OidcClient;
    expect(created).toMatchObject({
      redirect_uris: uris,
      token_endpoint_auth_method: 'client_secret_basic',
      first_party: false,
      client_secret: expect.any(String),
    });
    const shown = await api(sut, 'GET', `/clients/${created.client_id}`, sut.adminToken);
    const body = (await shown.json()) as Body;
    expect(body).toMatchObject({ redirect_uris: uris, first_party: false });
    expect(body).not.toHaveProperty('client_secret');
  });

  it('registers a public client without a secret', async () => {
    const response = await create({ ...BROWSER_APP, token_endpoint_auth_method: 'none' });

    expect(response.status).toBe(201);
    expect(await response.json()).not.toHaveProperty('client_secret');
  });

  it.each([
    ['http off loopback', { redirect_uris: ['http://app.example.com/cb'] }, 'redirect_uris'],
    [
      'a loopback look-alike',
      { redirect_uris: ['http://localhost.evil.example/cb'] },
      'redirect_uris',
    ],
    ['a loopback-named host', { redirect_uris: ['http://127.0.0.1.nip.io/cb'] }, 'redirect_uris'],
    ['a fragment', { redirect_uris: ['https://app.example.com/cb#x'] }, 'redirect_uris'],
    ['userinfo', { redirect_uris: ['https://me:pw@app.example.com/cb'] }, 'redirect_uris'],
    ['a wildcard', { redirect_uris: ['https://*.example.com/cb'] }, 'redirect_uris'],
    ['a relative URI', { redirect_uris: ['/callback'] }, 'redirect_uris'],
    ['a custom scheme', { redirect_uris: ['javascript:alert(1)'] }, 'redirect_uris'],
    [
      '21 URIs',
      { redirect_uris: Array.from({ length: 21 }, (_, n) => `https://a.example/${n}`) },
      'redirect_uris',
    ],
    [
      '2001 characters',
      { redirect_uris: [`https://a.example/${'x'.repeat(1983)}`] },
      'redirect_uris',
    ],
    ['no redirect URI for the code grant', { redirect_uris: [] }, 'redirect_uris'],
    [
      'a bad logout URI',
      { post_logout_redirect_uris: ['http://app.example.com/out'] },
      'post_logout_redirect_uris',
    ],
    [
      'an origin with a path',
      { allowed_origins: ['https://app.example.com/x'] },
      'allowed_origins',
    ],
    [
      'an http origin off loopback',
      { allowed_origins: ['http://app.example.com'] },
      'allowed_origins',
    ],
    [
      'an unknown auth method',
      { token_endpoint_auth_method: 'private_key_jwt' },
      'token_endpoint_auth_method',
    ],
  ])('refuses %s with 400 naming the field', async (_, change, field) => {
    const response = await create({ ...BROWSER_APP, ...change });

    expect(response.status).toBe(400);
    expect(await fieldsOf(response)).toContain(field);
  });

  it('refuses a public client with a grant other than the code flow', async () => {
    const response = await create({
      ...BROWSER_APP,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'client_credentials'],
    });

    expect(response.status).toBe(400);
  });

  it('lets a public client use no grant but code and refresh at the token endpoint', async () => {
    const spa = await createOidcClient(sut, { authMethod: 'none' });

    const response = await postForm(sut, '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: spa.client_id,
    });

    const { status, error } = await errorOf(response);
    expect([400, 401]).toContain(status);
    expect(['invalid_client', 'unauthorized_client']).toContain(error);
  });

  it('changes the new fields with PATCH', async () => {
    const client = await createOidcClient(sut);

    const response = await api(sut, 'PATCH', `/clients/${client.client_id}`, sut.adminToken, {
      redirect_uris: ['http://localhost:4700/new'],
      first_party: false,
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      redirect_uris: ['http://localhost:4700/new'],
      first_party: false,
    });
  });

  it('gives no code to a client not registered for the code grant', async () => {
    const client = await createOidcClient(sut, { grantTypes: ['client_credentials'] });
    const who = await registeredAccount(sut);
    const request = await authorizationRequest(sut, client);
    const agent = new UserAgent(sut.config.jwt.issuer);

    const first = await agent.open(request.url);
    const step = findForm(first.html, LOGIN_ACTION)
      ? await agent.submit(first, LOGIN_ACTION, { username: who.username, password: who.password })
      : first;

    expect(step.location?.searchParams.get('code') ?? null).toBeNull();
    const refused = step.status === 400 || step.location?.searchParams.get('error');
    expect(refused).toBe(step.status === 400 ? true : 'unauthorized_client');
  });
});
