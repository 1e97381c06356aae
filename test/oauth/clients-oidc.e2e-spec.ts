import { Client } from 'pg';
import { createOAuthTestApp, OAuthTestApp, postJson } from './oauth.fixtures';

const CALLBACK = 'https://app.example.com/callback';
const SPA = {
  name: 'dashboard',
  permissions: [],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'none',
  redirect_uris: [CALLBACK, 'http://localhost:3000/callback'],
  post_logout_redirect_uris: ['https://app.example.com/signed-out'],
  allowed_origins: ['https://app.example.com'],
};
const WEB_APP = { name: 'web', permissions: [], grant_types: ['authorization_code'] };

interface ErrorBody {
  code?: string;
  message?: string;
  errors?: { field: string; message: string }[];
}
type Listed = Record<string, unknown> & { client_id: string; client_secret?: string };

/** Browser clients: what they register (`/clients`), and how they authenticate at `/oauth/*`. */
describe('clients of browser apps', () => {
  let sut: OAuthTestApp;
  let db: Client;

  beforeAll(async () => {
    sut = await createOAuthTestApp();
    db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await sut.close();
  });

  const asAdmin = () => ({ authorization: `Bearer ${sut.adminToken}` });
  const register = (body: unknown) => postJson(sut, '/clients', body, asAdmin());
  const patch = (id: string, body: unknown) =>
    sut.request(`/clients/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...asAdmin() },
      body: JSON.stringify(body),
    });
  async function registered(body: unknown): Promise<Listed> {
    const response = await register(body);
    if (response.status !== 201) throw new Error(`register: ${await response.text()}`);
    return (await response.json()) as Listed;
  }
  async function shown(clientId: string): Promise<unknown> {
    const response = await sut.request(`/clients/${clientId}`, { headers: asAdmin() });
    return response.json();
  }
  async function auditDetails(type: string, clientId: string): Promise<unknown[]> {
    const { rows } = await db.query<{ details: unknown }>(
      'SELECT details FROM audit_events WHERE type = $1 AND subject = $2 ORDER BY id',
      [type, `client:${clientId}`],
    );
    return rows.map((row) => row.details);
  }

  describe('POST /clients', () => {
    it('registers a public client without a secret, and audits its URIs', async () => {
      const response = await register(SPA);

      expect(response.status).toBe(201);
      const created = (await response.json()) as Listed;
      expect(created).not.toHaveProperty('client_secret');
      expect(created).toMatchObject({ ...SPA, first_party: false, is_active: true });
      const { rows } = await db.query<{ secret_hash: Buffer | null }>(
        'SELECT secret_hash FROM clients WHERE client_id = $1',
        [created.client_id],
      );
      expect(rows).toEqual([{ secret_hash: null }]);
      expect(await auditDetails('client.created', created.client_id)).toEqual([
        {
          name: 'dashboard',
          permissions: [],
          grantTypes: SPA.grant_types,
          tokenEndpointAuthMethod: 'none',
          redirectUris: SPA.redirect_uris,
          postLogoutRedirectUris: SPA.post_logout_redirect_uris,
          allowedOrigins: SPA.allowed_origins,
        },
      ]);
    });

    it('gives a public client the authorization code grant by default', async () => {
      const created = await registered({
        name: 'spa',
        permissions: [],
        token_endpoint_auth_method: 'none',
        redirect_uris: [CALLBACK],
      });

      expect(created.grant_types).toEqual(['authorization_code']);
    });

    it('registers a confidential web app with its secret, first party', async () => {
      const created = await registered({
        ...WEB_APP,
        redirect_uris: ['https://web.example.com/cb', 'http://127.0.0.1:8080/cb'],
        token_endpoint_auth_method: 'client_secret_post',
        first_party: true,
      });

      expect(created.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created).toMatchObject({
        token_endpoint_auth_method: 'client_secret_post',
        first_party: true,
      });
    });

    it.each([
      ['localhost', 'http://localhost:3000/cb'],
      ['127.0.0.1', 'http://127.0.0.1/cb'],
      ['[::1]', 'http://[::1]:8080/cb'],
      ['https with a query', 'https://app.example.com/cb?tenant=acme'],
    ])('accepts a redirect URI on %s', async (_case, uri) => {
      expect((await register({ ...WEB_APP, redirect_uris: [uri] })).status).toBe(201);
    });

    it.each([
      ['redirect_uris', 'a relative URI', ['/callback'], 'absolute URI'],
      ['redirect_uris', 'a fragment', ['https://app.example.com/cb#x'], 'fragment'],
      ['redirect_uris', 'user information', ['https://me@app.example.com/cb'], 'user information'],
      ['redirect_uris', 'a wildcard', ['https://*.example.com/cb'], 'wildcard'],
      ['redirect_uris', 'http elsewhere', ['http://app.example.com/cb'], 'https'],
      ['redirect_uris', 'another scheme', ['ftp://app.example.com/cb'], 'https'],
      ['redirect_uris', 'a long URI', [`${CALLBACK}/${'a'.repeat(2000)}`], 'at most 2000'],
      ['redirect_uris', 'too many', Array.from({ length: 21 }, (_, i) => `${CALLBACK}/${i}`), '20'],
      ['redirect_uris', 'a repeated URI', [CALLBACK, CALLBACK], 'unique'],
      ['redirect_uris', 'a non-string', [42], 'string'],
      ['post_logout_redirect_uris', 'a fragment', ['https://app.example.com/out#x'], 'fragment'],
      ['allowed_origins', 'a path', ['https://app.example.com/'], 'origin'],
      ['allowed_origins', 'http elsewhere', ['http://app.example.com'], 'https'],
      ['allowed_origins', 'a default port', ['https://app.example.com:443'], 'browsers send'],
    ])('refuses in %s %s with 400 naming the field', async (field, _case, values, reason) => {
      const response = await register({ ...WEB_APP, redirect_uris: [CALLBACK], [field]: values });

      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.code).toBe('ERR_VALIDATION');
      expect(body.errors?.[0]?.field).toBe(field);
      expect(body.errors?.map((error) => error.message).join('; ')).toContain(reason);
    });

    const PUBLIC = { name: 'x', permissions: [], token_endpoint_auth_method: 'none' };
    it.each([
      ['authorization_code without a redirect URI', WEB_APP, 'redirect_uris', 'at least one URI'],
      ['a public client without redirect URIs', PUBLIC, 'redirect_uris', 'authorization_code'],
      [
        'a public client with client_credentials',
        { ...SPA, grant_types: ['client_credentials'] },
        'grant_types',
        'client_credentials',
      ],
      [
        'an unknown auth method',
        { ...SPA, token_endpoint_auth_method: 'private_key_jwt' },
        'token_endpoint_auth_method',
        'token_endpoint_auth_method',
      ],
      [
        'a first_party that is no boolean',
        { ...SPA, first_party: 'yes' },
        'first_party',
        'boolean',
      ],
    ])('refuses %s with 400, and creates nothing', async (_case, body, field, reason) => {
      const count = async () => (await db.query('SELECT 1 FROM clients')).rowCount;
      const before = await count();

      const response = await register(body);

      expect(response.status).toBe(400);
      const error = (await response.json()) as ErrorBody;
      expect(error.errors?.[0]).toMatchObject({ field });
      expect(error.message).toContain(reason);
      expect(await count()).toBe(before);
    });
  });

  describe('GET /clients and PATCH /clients/:id', () => {
    it('lists and shows every field, the defaults of a service client included', async () => {
      const spa = await registered(SPA);
      const service = await registered({ name: 'svc', permissions: [] });
      const page = (await (
        await sut.request('/clients?limit=100', { headers: asAdmin() })
      ).json()) as { items: Listed[] };
      const one = await sut.request(`/clients/${spa.client_id}`, { headers: asAdmin() });

      expect(page.items.find((item) => item.client_id === service.client_id)).toEqual({
        client_id: service.client_id,
        name: 'svc',
        permissions: [],
        grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        allowed_audiences: [],
        attributes: {},
        redirect_uris: [],
        post_logout_redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        first_party: false,
        allowed_origins: [],
        is_active: true,
        created_at: expect.any(String) as unknown,
      });
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(page.items.find((item) => item.client_id === spa.client_id));
      const missing = await sut.request('/clients/no-such-client', { headers: asAdmin() });
      expect(missing.status).toBe(404);
    });

    it('changes the URIs, origins and flags, and audits them by name and URI', async () => {
      const spa = await registered(SPA);
      const change = {
        redirect_uris: ['https://app.example.com/cb2'],
        allowed_origins: ['https://new.example.com'],
        first_party: true,
      };

      const response = await patch(spa.client_id, change);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject(change);
      expect(await auditDetails('client.updated', spa.client_id)).toEqual([
        {
          fields: ['redirectUris', 'allowedOrigins', 'firstParty'],
          redirectUris: change.redirect_uris,
          allowedOrigins: change.allowed_origins,
        },
      ]);
    });

    it('lets a confidential client switch between its two secret methods', async () => {
      const service = await registered({ name: 'svc', permissions: [] });

      const response = await patch(service.client_id, {
        token_endpoint_auth_method: 'client_secret_post',
      });

      expect(response.status).toBe(200);
    });

    const NONE = { redirect_uris: [] };
    it.each([
      [
        'the code grant without redirect URIs',
        NONE,
        { grant_types: ['authorization_code'] },
        'redirect_uris',
      ],
      ['no redirect URIs left for the code grant', WEB_APP, NONE, 'redirect_uris'],
      [
        'a public client given client_credentials',
        SPA,
        { grant_types: ['client_credentials'] },
        'grant_types',
      ],
      [
        'a public client made confidential',
        SPA,
        { token_endpoint_auth_method: 'client_secret_basic' },
        'token_endpoint_auth_method',
      ],
      [
        'a confidential client made public',
        {},
        { token_endpoint_auth_method: 'none' },
        'token_endpoint_auth_method',
      ],
      [
        'a redirect URI with a fragment',
        WEB_APP,
        { redirect_uris: ['https://a.example/#x'] },
        'redirect_uris',
      ],
    ])('refuses %s with 400, and changes nothing', async (_case, base, change, field) => {
      const client = await registered({
        name: 'c',
        permissions: [],
        redirect_uris: [CALLBACK],
        ...base,
      });
      const before = await shown(client.client_id);

      const response = await patch(client.client_id, change);

      expect(response.status).toBe(400);
      const error = (await response.json()) as ErrorBody;
      expect(error.errors?.[0]?.field).toBe(field);
      if (field === 'token_endpoint_auth_method') expect(error.message).toContain('secret');
      expect(await shown(client.client_id)).toEqual(before);
    });
  });
});
