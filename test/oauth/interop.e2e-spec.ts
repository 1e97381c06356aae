import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  allowInsecureRequests,
  ClientSecretBasic,
  ClientSecretPost,
  clientCredentialsGrant,
  Configuration,
  discovery,
  genericGrantRequest,
  refreshTokenGrant,
  tokenIntrospection,
  tokenRevocation,
} from 'openid-client';
import { registeredAccount } from '../tokens/session.fixtures';
import {
  ACCESS_TOKEN_TYPE,
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  TOKEN_EXCHANGE,
} from './oauth.fixtures';

/** Clients nobody here wrote: openid-client discovers the server and uses it unchanged. */
describe('interop: openid-client and jose', () => {
  let sut: OAuthTestApp;
  let service: OAuthClient;
  let app: OAuthClient;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  const discover = (client: OAuthClient, post = false): Promise<Configuration> =>
    discovery(
      new URL(sut.config.jwt.issuer),
      client.client_id,
      undefined,
      post ? ClientSecretPost(client.client_secret) : ClientSecretBasic(client.client_secret),
      { algorithm: 'oauth2', execute: [allowInsecureRequests] },
    );

  const verify = (accessToken: string) =>
    jwtVerify(accessToken, jwks, {
      issuer: sut.config.jwt.issuer,
      audience: sut.config.jwt.audience,
      typ: 'at+jwt',
      requiredClaims: ['jti', 'iat', 'exp', 'sub', 'client_id'],
    });

  beforeAll(async () => {
    sut = await createOAuthTestApp();
    service = await createClient(sut, { name: 'reports', permissions: ['reports:read'] });
    app = await createClient(sut, { name: 'app', grant_types: ['password', 'refresh_token'] });
    jwks = createRemoteJWKSet(new URL(`${sut.baseUrl}/.well-known/jwks.json`));
  });
  afterAll(() => sut.close());

  it('publishes RFC 8414 metadata that openid-client accepts', async () => {
    const config = await discover(service);

    expect(config.serverMetadata()).toMatchObject({
      issuer: sut.config.jwt.issuer,
      jwks_uri: `${sut.baseUrl}/.well-known/jwks.json`,
      token_endpoint: `${sut.baseUrl}/oauth/token`,
      introspection_endpoint: `${sut.baseUrl}/oauth/introspect`,
      revocation_endpoint: `${sut.baseUrl}/oauth/revoke`,
      grant_types_supported: expect.arrayContaining(['client_credentials', TOKEN_EXCHANGE]),
      // `none`: public clients of the authorization code flow (src/oidc).
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
  });

  it('runs client_credentials, introspection and revocation', async () => {
    const config = await discover(service);

    const tokens = await clientCredentialsGrant(config, { scope: 'reports:read' });

    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'reports:read' });
    const { payload } = await verify(tokens.access_token);
    expect(payload).toMatchObject({
      sub: `client:${service.client_id}`,
      token_use: 'service',
      permissions: ['reports:read'],
    });
    expect(await tokenIntrospection(config, tokens.access_token)).toMatchObject({
      active: true,
      sub: `client:${service.client_id}`,
      client_id: service.client_id,
      token_use: 'service',
    });
    await tokenRevocation(config, tokens.access_token);
    expect(await tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
  });

  it('runs the password grant, a refresh, and revokes the refresh token (client_secret_post)', async () => {
    const who = await registeredAccount(sut);
    const config = await discover(app, true);

    const first = await genericGrantRequest(config, 'password', {
      username: who.username,
      password: who.password,
    });
    const second = await refreshTokenGrant(config, first.refresh_token as string);

    expect((await verify(second.access_token)).payload).toMatchObject({
      sub: who.id,
      client_id: app.client_id,
      username: who.username,
    });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    // A refresh within the login's second moves iat (and exp) one second ahead, so its exp is
    // strictly later (docs/architecture.md §3); openid-client counts from when it received it.
    const ttl = sut.config.jwt.accessTokenTtl;
    expect(second.expiresIn()).toBeGreaterThanOrEqual(ttl - 1);
    expect(second.expiresIn()).toBeLessThanOrEqual(ttl + 1);
    expect(await tokenIntrospection(config, second.refresh_token as string)).toMatchObject({
      active: true,
      token_use: 'refresh',
      sub: who.id,
    });
    await tokenRevocation(config, second.refresh_token as string, {
      token_type_hint: 'refresh_token',
    });
    await expect(refreshTokenGrant(config, second.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('runs a token exchange, and the delegated token verifies', async () => {
    const who = await registeredAccount(sut);
    const session = await genericGrantRequest(await discover(app), 'password', {
      username: who.username,
      password: who.password,
    });

    const exchanged = await genericGrantRequest(await discover(service), TOKEN_EXCHANGE, {
      subject_token: session.access_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
    });

    expect(exchanged.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
    expect((await verify(exchanged.access_token)).payload).toMatchObject({
      sub: who.id,
      token_use: 'delegated',
      act: { sub: `client:${service.client_id}` },
    });
  });

  it('surfaces RFC 6749 errors to the client library', async () => {
    const config = await discover({ ...service, client_secret: 'A'.repeat(43) });

    // A 401 with a challenge reaches the caller as the challenge (oauth4webapi reads the header).
    await expect(clientCredentialsGrant(config)).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'basic', parameters: { realm: 'warden' } }],
    });
    await expect(
      genericGrantRequest(await discover(service), 'implicit', {}),
    ).rejects.toMatchObject({ error: 'unsupported_grant_type', status: 400 });
  });
});
