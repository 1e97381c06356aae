import { createHash, randomBytes } from 'node:crypto';
import {
  basic,
  claimsOf,
  createOAuthTestApp,
  introspect,
  OAuthClient,
  OAuthTestApp,
  postForm,
  postJson,
} from './oauth.fixtures';

/**
 * The authorization_code grant at the token endpoint, driven by hand through the hosted login
 * form (the browser and openid-client suites in test/oidc drive it as outsiders): a race of two
 * redemptions of one code, and what a third-party client's token may carry.
 */
describe('authorization_code grant', () => {
  let sut: OAuthTestApp;
  let client: OAuthClient;
  const redirectUri = 'http://127.0.0.1:9/callback';

  beforeAll(async () => {
    sut = await createOAuthTestApp();
    client = await registerClient(sut, {
      name: 'Reports',
      permissions: ['reports:read'],
      first_party: false,
    });
    await postJson(sut, '/auth/register', {
      username: 'ada',
      email: 'ada@example.com',
      password: 'correct-horse-battery',
    });
  });

  afterAll(() => sut.close());

  async function registerClient(app: OAuthTestApp, body: Record<string, unknown>) {
    const response = await postJson(
      app,
      '/clients',
      {
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [redirectUri],
        ...body,
      },
      { authorization: `Bearer ${app.adminToken}` },
    );
    if (response.status !== 201) throw new Error(`client: ${await response.text()}`);
    return (await response.json()) as OAuthClient;
  }

  /** Signs in through the hosted form and consents; returns the code of the redirect. */
  async function codeFor(scope: string, verifier: string): Promise<string> {
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const page = await sut.request(`/oauth/authorize?${query.toString()}`);
    expect(page.status).toBe(200);
    const cookies = cookiesOf(page);
    const login = await postPage(
      sut,
      '/oauth/authorize/login',
      { ...hiddenFields(await page.text()), username: 'ada', password: 'correct-horse-battery' },
      { cookie: cookies },
    );
    const both = `${cookies}; ${cookiesOf(login)}`;
    let response = login;
    if (login.status === 200) {
      response = await postPage(
        sut,
        '/oauth/authorize/consent',
        { ...hiddenFields(await login.text()), decision: 'allow' },
        { cookie: both },
      );
    }
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('st');
    expect(location.searchParams.get('iss')).toBe(sut.config.jwt.issuer);
    return location.searchParams.get('code') ?? '';
  }

  function redeem(code: string, verifier: string) {
    return postForm(
      sut,
      '/oauth/token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      },
      basic(client),
    );
  }

  it('leaves nothing usable to either of two concurrent redemptions of one code', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor('openid offline_access', verifier);
    const answers = await Promise.all([redeem(code, verifier), redeem(code, verifier)]);
    const granted = answers.filter((answer) => answer.status === 200);
    // One may have been answered before the other arrived; never both.
    expect(granted.length).toBeLessThanOrEqual(1);
    for (const refused of answers.filter((answer) => answer.status !== 200)) {
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
    }
    if (granted.length === 0) return;
    const winner = (await granted[0].json()) as { access_token: string; refresh_token: string };
    // RFC 6749 §4.1.2: the replay revokes the tokens issued from the code.
    const refreshed = await postForm(
      sut,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: winner.refresh_token },
      basic(client),
    );
    expect(refreshed.status).toBe(400);
    expect(await introspect(sut, client, winner.access_token)).toMatchObject({ active: false });
  });

  it('revokes the tokens of a code presented a second time', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor('openid offline_access', verifier);
    const first = await redeem(code, verifier);
    expect(first.status).toBe(200);
    const tokens = (await first.json()) as { access_token: string; refresh_token: string };
    const again = await redeem(code, verifier);
    expect(again.status).toBe(400);
    expect(await introspect(sut, client, tokens.access_token)).toMatchObject({ active: false });
    const refreshed = await postForm(
      sut,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      basic(client),
    );
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('gives a third-party client the consented permissions it holds, and no roles', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor('openid reports:read users:write', verifier);
    const response = await redeem(code, verifier);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; scope: string };
    const claims = claimsOf(body.access_token);
    expect(claims.roles).toEqual([]);
    // ada holds neither permission: the user's own limit applies as well as the client's.
    expect(claims.permissions).toEqual([]);
    expect(body.scope).toBe('openid');
  });
});

/** A hosted form's post; its 303 is looked at, not followed. */
function postPage(
  app: OAuthTestApp,
  path: string,
  body: Record<string, string>,
  headers: Record<string, string>,
): Promise<Response> {
  return app.request(path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[match[1]] = decodeEntities(match[2]);
  }
  return fields;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
