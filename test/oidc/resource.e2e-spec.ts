import { claimsOf, OAuthTestApp, postJson } from '../oauth/oauth.fixtures';
import { UserAgent } from './agent';
import {
  Account,
  authorizationRequest,
  authorizedCode,
  createOidcApp,
  createOidcClient,
  OidcClient,
  redeem,
  registeredAccount,
} from './oidc.fixtures';

const BILLING = 'https://billing.example.com';
const LEDGER = 'https://ledger.example.com';

/** RFC 8707 resource indicators in the code flow: the access token is for the API asked for. */
describe('OpenID code flow with a resource', () => {
  let sut: OAuthTestApp;
  let client: OidcClient;
  let who: Account;
  let agent: UserAgent;

  async function tokensFor(resource?: string) {
    const signedIn = await authorizedCode(sut, client, who, agent, { resource });
    const response = await redeem(sut, client, signedIn.code, signedIn.request);
    if (response.status !== 200)
      throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as { access_token: string; id_token: string };
  }

  beforeAll(async () => {
    sut = await createOidcApp();
    for (const identifier of [BILLING, LEDGER]) {
      const api = await postJson(
        sut,
        '/apis',
        { identifier, name: identifier, permissions: [] },
        { authorization: `Bearer ${sut.adminToken}` },
      );
      if (api.status !== 201) throw new Error(`POST /apis: ${api.status} ${await api.text()}`);
    }
    client = await createOidcClient(sut, { allowedAudiences: [BILLING] });
    who = await registeredAccount(sut);
    agent = (await authorizedCode(sut, client, who)).agent;
  });
  afterAll(() => sut.close());

  it('issues the access token for JWT_AUDIENCE without a resource', async () => {
    const tokens = await tokensFor();

    expect([claimsOf(tokens.access_token).aud].flat()).toEqual([sut.config.jwt.audience]);
  });

  it('issues the access token for the resource asked for; the ID token stays the client’s', async () => {
    const tokens = await tokensFor(BILLING);

    expect([claimsOf(tokens.access_token).aud].flat()).toEqual([BILLING]);
    expect([claimsOf(tokens.id_token).aud].flat()).toEqual([client.client_id]);
    const userinfo = await sut.request('/userinfo', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('refuses a resource the client may not ask for: invalid_target, no code', async () => {
    const request = await authorizationRequest(sut, client, { resource: LEDGER });

    const step = await agent.open(request.url);

    expect(step.status).toBe(303);
    expect(Object.fromEntries(step.location?.searchParams ?? [])).toMatchObject({
      error: 'invalid_target',
      state: request.state,
    });
    expect(step.location?.searchParams.get('code')).toBeNull();
  });
});
