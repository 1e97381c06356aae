import { api } from '../admin/admin.fixtures';
import { ADMIN, claimsOf, OAuthTestApp } from '../oauth/oauth.fixtures';
import { UserAgent } from './agent';
import { findForm } from './html';
import {
  Account,
  authorizationRequest,
  codeOf,
  CONSENT_ACTION,
  createOidcApp,
  createOidcClient,
  OidcClient,
  redeem,
  registeredAccount,
  signIn,
} from './oidc.fixtures';

/**
 * Third-party clients: the user is asked before a client outside the operator's own gets a
 * code, and its tokens carry no more than requested ∩ the user's ∩ the client's permissions.
 */
describe('OpenID consent and the rights of third-party clients', () => {
  let sut: OAuthTestApp;
  let thirdParty: OidcClient;
  let firstParty: OidcClient;

  /** A browser signed in as `who` (through a first-party client, so no consent yet). */
  async function signedIn(who: Account): Promise<UserAgent> {
    const agent = new UserAgent(sut.config.jwt.issuer);
    await signIn(agent, sut, (await authorizationRequest(sut, firstParty)).url, who);
    return agent;
  }

  /** The access token `client` gets for `who` asking `scope`, consenting if asked. */
  async function accessTokenClaims(client: OidcClient, who: Account, scope: string) {
    const agent = await signedIn(who);
    const request = await authorizationRequest(sut, client, { scope });
    const code = codeOf(sut, await signIn(agent, sut, request.url), request.state);
    const response = await redeem(sut, client, code, request);
    if (response.status !== 200)
      throw new Error(`token: ${response.status} ${await response.text()}`);
    return claimsOf(((await response.json()) as { access_token: string }).access_token);
  }

  const consentPage = async (agent: UserAgent, overrides: Record<string, string> = {}) => {
    const request = await authorizationRequest(sut, thirdParty, overrides);
    return { request, page: await agent.open(request.url) };
  };

  beforeAll(async () => {
    sut = await createOidcApp();
    thirdParty = await createOidcClient(sut, {
      name: 'Acme Photo Printing',
      firstParty: false,
      permissions: ['users:read', 'clients:read'],
    });
    firstParty = await createOidcClient(sut, {
      name: 'Warden Console',
      permissions: ['users:read', 'audit:read'],
    });
  });
  afterAll(() => sut.close());

  it('asks: a form naming the client and the scopes, with allow and deny', async () => {
    const agent = await signedIn(await registeredAccount(sut));

    const { page } = await consentPage(agent);
    const form = findForm(page.html, CONSENT_ACTION);

    expect(page.status).toBe(200);
    expect(page.html).toContain('Acme Photo Printing');
    for (const scope of [/profile/i, /email/i]) expect(page.html).toMatch(scope);
    expect(form?.method).toBe('post');
    expect(form?.hidden).toHaveProperty('csrf_token');
    const decisions = form?.buttons.filter((button) => button.name === 'decision');
    expect(decisions?.map((button) => button.value).sort()).toEqual(['allow', 'deny']);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('answers deny with access_denied, state and iss', async () => {
    const agent = await signedIn(await registeredAccount(sut));
    const { page, request } = await consentPage(agent);

    const denied = await agent.submit(page, CONSENT_ACTION, { decision: 'deny' });

    expect(denied.status).toBe(303);
    expect(Object.fromEntries(denied.location?.searchParams ?? [])).toMatchObject({
      error: 'access_denied',
      state: request.state,
      iss: sut.config.jwt.issuer,
    });
    expect(denied.location?.searchParams.get('code')).toBeNull();
  });

  it('refuses a consent post without its CSRF token', async () => {
    const agent = await signedIn(await registeredAccount(sut));
    const { page } = await consentPage(agent);

    const refused = await agent.submit(page, CONSENT_ACTION, {
      decision: 'allow',
      csrf_token: undefined,
    });

    expect([400, 403]).toContain(refused.status);
    expect(refused.location).toBeUndefined();
  });

  it('answers prompt=none before consent with consent_required', async () => {
    const agent = await signedIn(await registeredAccount(sut));

    const { page, request } = await consentPage(agent, { prompt: 'none' });

    expect(Object.fromEntries(page.location?.searchParams ?? [])).toMatchObject({
      error: 'consent_required',
      state: request.state,
    });
  });

  it('remembers an allow, and asks again for prompt=consent', async () => {
    const agent = await signedIn(await registeredAccount(sut));
    const first = await consentPage(agent);
    await agent.submit(first.page, CONSENT_ACTION, { decision: 'allow' });

    const silent = await consentPage(agent, { prompt: 'none' });
    const asked = (await consentPage(agent, { prompt: 'consent' })).page;

    expect(codeOf(sut, silent.page.location as URL, silent.request.state)).toEqual(
      expect.any(String),
    );
    expect(findForm(asked.html, CONSENT_ACTION)).toBeDefined();
  });

  it('gives a third-party client requested ∩ user ∩ client permissions, and no roles', async () => {
    const who = await registeredAccount(sut);
    const granted = await api(sut, 'PATCH', `/users/${who.id}`, sut.adminToken, {
      permissions: ['users:read', 'audit:read'],
    });
    expect(granted.status).toBe(200);
    const scope = 'openid users:read clients:read audit:read keys:read';

    const claims = await accessTokenClaims(thirdParty, who, scope);

    expect(claims.permissions).toEqual(['users:read']);
    expect(claims.roles ?? []).toEqual([]);
    expect(String(claims.scope).split(' ')).toContain('openid');
    expect(String(claims.scope).split(' ')).not.toContain('keys:read');
    expect(String(claims.scope).split(' ')).not.toContain('audit:read');
  });

  it("keeps an administrator's third-party tokens within the client's permissions", async () => {
    const admin = { ...ADMIN, email: '', id: '' };
    const scope = 'openid users:read users:write keys:rotate';

    const claims = await accessTokenClaims(thirdParty, admin, scope);

    expect(claims.permissions).toEqual(['users:read']);
    expect(claims.roles ?? []).toEqual([]);
  });

  it('gives a first-party client the same permissions, and the roles', async () => {
    const who = await registeredAccount(sut);
    await api(sut, 'PATCH', `/users/${who.id}`, sut.adminToken, { permissions: ['audit:read'] });

    const claims = await accessTokenClaims(firstParty, who, 'openid users:read audit:read');

    expect(claims.permissions).toEqual(['audit:read']);
    expect(claims.roles).toEqual(['user']);
  });
});
