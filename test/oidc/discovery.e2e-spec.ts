import { allowInsecureRequests, discovery } from 'openid-client';
import type { OAuthTestApp } from '../oauth/oauth.fixtures';
import { createOidcApp, createOidcClient, OidcClient } from './oidc.fixtures';

type Metadata = Record<string, unknown>;

/** OpenID Connect Discovery 1.0 §3 and RFC 8414 §2, as the contract fills them in. */
describe('OpenID provider discovery', () => {
  let sut: OAuthTestApp;
  let client: OidcClient;
  let issuer: string;

  const document = async (path: string): Promise<{ response: Response; body: Metadata }> => {
    const response = await sut.request(path);
    return { response, body: (await response.json()) as Metadata };
  };

  beforeAll(async () => {
    sut = await createOidcApp();
    issuer = sut.config.jwt.issuer;
    client = await createOidcClient(sut, { authMethod: 'client_secret_post' });
  });
  afterAll(() => sut.close());

  it('is the issuer: its base URL, without a trailing slash', () => {
    expect(issuer).toBe(sut.baseUrl);
  });

  it("works with openid-client's default (OpenID) discovery", async () => {
    const config = await discovery(
      new URL(issuer),
      client.client_id,
      client.client_secret,
      undefined,
      {
        execute: [allowInsecureRequests],
      },
    );

    expect(config.serverMetadata()).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
    });
    expect(config.serverMetadata().supportsPKCE()).toBe(true);
  });

  it('publishes every field of the contract', async () => {
    const { response, body } = await document('/.well-known/openid-configuration');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      end_session_endpoint: `${issuer}/oauth/logout`,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(body.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']),
    );
    expect(body.id_token_signing_alg_values_supported).toContain(sut.config.keys.signingAlg);
    expect([...(body.token_endpoint_auth_methods_supported as string[])].sort()).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'none',
    ]);
    expect(body.claims_supported).toEqual(
      expect.arrayContaining([
        'sub',
        'iss',
        'aud',
        'auth_time',
        'preferred_username',
        'name',
        'email',
        'email_verified',
      ]),
    );
    // RFC 8414 §2: a server of the code flow lists the grant when it lists grants at all.
    expect(body.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
  });

  it('says the same in its RFC 8414 document', async () => {
    const openid = (await document('/.well-known/openid-configuration')).body;
    const { response, body: oauth } = await document('/.well-known/oauth-authorization-server');

    expect(response.status).toBe(200);
    for (const field of Object.keys(oauth)) {
      if (field in openid) expect({ [field]: oauth[field] }).toEqual({ [field]: openid[field] });
    }
    const shared = [
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'response_types_supported',
      'code_challenge_methods_supported',
      'token_endpoint_auth_methods_supported',
      'authorization_response_iss_parameter_supported',
      'scopes_supported',
    ];
    for (const field of shared) expect(oauth).toHaveProperty(field, openid[field]);
  });

  it('works with RFC 8414 discovery too', async () => {
    const config = await discovery(
      new URL(issuer),
      client.client_id,
      client.client_secret,
      undefined,
      {
        algorithm: 'oauth2',
        execute: [allowInsecureRequests],
      },
    );

    expect(config.serverMetadata().authorization_endpoint).toBe(`${issuer}/oauth/authorize`);
  });

  it('serves the JWKS at jwks_uri: public keys only, each with a kid', async () => {
    const { body } = await document('/.well-known/openid-configuration');
    const response = await fetch(body.jwks_uri as string);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };

    expect(response.status).toBe(200);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(typeof key.kid).toBe('string');
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
        expect(key).not.toHaveProperty(secret);
    }
  });
});
