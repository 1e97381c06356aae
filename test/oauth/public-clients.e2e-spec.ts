import {
  basic,
  createOAuthTestApp,
  errorOf,
  OAuthTestApp,
  postForm,
  postJson,
} from './oauth.fixtures';

type Registered = { client_id: string; client_secret: string };

const REFRESH = { grant_type: 'refresh_token', refresh_token: 'x' };

/**
 * Client authentication at `/oauth/*` with public clients about (RFC 6749 §2.1): a bare
 * `client_id` is enough only for the grants a public client may use and for revocation (RFC
 * 7009 §5); every other combination is 401 invalid_client, as for confidential clients today.
 */
describe('public clients at the OAuth endpoints', () => {
  let sut: OAuthTestApp;
  let spa: Registered;
  let service: Registered;

  async function registered(body: unknown): Promise<Registered> {
    const response = await postJson(sut, '/clients', body, {
      authorization: `Bearer ${sut.adminToken}`,
    });
    if (response.status !== 201) throw new Error(`register: ${await response.text()}`);
    return (await response.json()) as Registered;
  }

  beforeAll(async () => {
    sut = await createOAuthTestApp();
    spa = await registered({
      name: 'dashboard',
      permissions: [],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://app.example.com/callback'],
    });
    service = await registered({
      name: 'svc',
      permissions: [],
      grant_types: ['client_credentials', 'refresh_token'],
    });
  });
  afterAll(() => sut.close());

  const asSpa = (params: Record<string, string>) =>
    postForm(sut, '/oauth/token', { client_id: spa.client_id, ...params });

  it.each([
    // RFC 6749 §5.2: naming itself proves nothing, so it is no client authentication here; the
    // answer is invalid_client, not unauthorized_client (which needs an authenticated client).
    [
      'a public client asking for client_credentials',
      () => asSpa({ grant_type: 'client_credentials' }),
    ],
    [
      'a public client asking for the password grant',
      () => asSpa({ grant_type: 'password', username: 'root', password: 'x' }),
    ],
    ['a public client presenting a secret', () => asSpa({ ...REFRESH, client_secret: 'guess' })],
    [
      'a public client by Basic',
      () =>
        postForm(
          sut,
          '/oauth/token',
          REFRESH,
          basic({ client_id: spa.client_id, client_secret: 'guess' }),
        ),
    ],
    [
      'a confidential client without its secret',
      () => postForm(sut, '/oauth/token', { ...REFRESH, client_id: service.client_id }),
    ],
    [
      'an unknown client without a secret',
      () =>
        postForm(sut, '/oauth/token', {
          grant_type: 'authorization_code',
          code: 'x',
          client_id: 'no-such-client',
        }),
    ],
    [
      'a public client at introspection',
      () => postForm(sut, '/oauth/introspect', { token: 'x', client_id: spa.client_id }),
    ],
  ])('refuses %s with 401 invalid_client', async (_case, send) => {
    expect(await errorOf(await send())).toEqual({ status: 401, error: 'invalid_client' });
  });

  it('accepts a public client for its own grants, which then judge the request', async () => {
    const refresh = await errorOf(await asSpa(REFRESH));
    const code = await asSpa({ grant_type: 'authorization_code', code: 'x', code_verifier: 'y' });

    expect(refresh).toEqual({ status: 400, error: 'invalid_grant' });
    expect(code.status).not.toBe(401);
  });

  it('lets a public client revoke (RFC 7009 §5)', async () => {
    const response = await postForm(sut, '/oauth/revoke', {
      token: 'x',
      client_id: spa.client_id,
    });

    expect(response.status).toBe(200);
  });

  it('keeps authenticating confidential clients by Basic and by body', async () => {
    const byBasic = await postForm(
      sut,
      '/oauth/token',
      { grant_type: 'client_credentials' },
      basic(service),
    );
    const inBody = await postForm(sut, '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: service.client_id,
      client_secret: service.client_secret,
    });

    expect([byBasic.status, inBody.status]).toEqual([200, 200]);
  });
});
