import {
  basic,
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  postForm,
  postJson,
  token,
  errorOf,
  TOKEN_ENDPOINT_ENV,
  tokenEndpointClients,
} from './oauth.fixtures';

// RFC 6749 §5.2 error answers of the token endpoint, and its rate limit.
describe('POST /oauth/token errors', () => {
  let sut: OAuthTestApp;
  let service: OAuthClient;
  let app: OAuthClient;

  beforeAll(async () => {
    sut = await createOAuthTestApp(TOKEN_ENDPOINT_ENV);
    ({ service, app } = await tokenEndpointClients(sut));
  });
  afterAll(() => sut.close());

  describe('errors (RFC 6749 §5.2)', () => {
    it('invalid_client: 401 with a Basic challenge for a wrong secret, none, or an unknown client', async () => {
      const responses = [
        await token(
          sut,
          { ...service, client_secret: 'A'.repeat(43) },
          {
            grant_type: 'client_credentials',
          },
        ),
        await postForm(sut, '/oauth/token', { grant_type: 'client_credentials' }),
        await token(sut, { client_id: 'nobody', client_secret: 'x' } as OAuthClient, {
          grant_type: 'client_credentials',
        }),
      ];

      for (const response of responses) {
        expect(response.headers.get('www-authenticate')).toBe('Basic realm="warden"');
        expect(await errorOf(response)).toEqual({ status: 401, error: 'invalid_client' });
      }
    });

    it.each([
      ['a missing grant_type', {}],
      ['a repeated parameter', { grant_type: ['client_credentials', 'client_credentials'] }],
      ['a repeated scope', { grant_type: 'client_credentials', scope: ['reports:read', 'x'] }],
    ])('invalid_request for %s', async (_case, params) => {
      const response = await token(sut, service, params);

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_request' });
    });

    it('invalid_request for two client authentication methods at once', async () => {
      const response = await postForm(
        sut,
        '/oauth/token',
        { grant_type: 'client_credentials', client_secret: service.client_secret },
        basic(service),
      );

      expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_request' });
    });

    it('invalid_request for a missing grant parameter or a non-string JSON value', async () => {
      const missing = await token(sut, app, { grant_type: 'password', username: 'someone' });
      const notString = await postJson(
        sut,
        '/oauth/token',
        { grant_type: 'client_credentials', scope: ['reports:read'] },
        basic(service),
      );

      expect(await errorOf(missing)).toEqual({ status: 400, error: 'invalid_request' });
      expect(await errorOf(notString)).toEqual({ status: 400, error: 'invalid_request' });
    });

    it('unauthorized_client for a grant the client is not registered for', async () => {
      const response = await token(sut, service, {
        grant_type: 'password',
        username: 'root',
        password: 'bootstrap-secret-1',
      });

      expect(await errorOf(response)).toEqual({ status: 400, error: 'unauthorized_client' });
    });

    it('unsupported_grant_type', async () => {
      const response = await token(sut, service, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: 'x',
      });

      expect(await errorOf(response)).toEqual({ status: 400, error: 'unsupported_grant_type' });
    });
  });

  it('is rate limited per address: 429 temporarily_unavailable with Retry-After', async () => {
    const limited = await createOAuthTestApp({ THROTTLE_LIMIT: '3' });
    try {
      const client = await createClient(limited);
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i += 1) {
        last = await token(limited, client, { grant_type: 'client_credentials' });
        statuses.push(last.status);
      }

      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await errorOf(last as Response)).toEqual({
        status: 429,
        error: 'temporarily_unavailable',
      });
    } finally {
      await limited.close();
    }
  });
});
