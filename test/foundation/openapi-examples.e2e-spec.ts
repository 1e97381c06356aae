import { SUPPORTED_GRANT_TYPES } from '../../src/tokens/clients/service-client';
import {
  basic,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  postJson,
} from '../oauth/oauth.fixtures';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import {
  DocumentedOperation,
  encodeBody,
  fetchDocument,
  OpenApiDocument,
  operationsOf,
  RequestSample,
  requestSamples,
} from './openapi.fixtures';

/** Operations whose examples are not sent, with the reason. None so far: keep it that way. */
const NOT_SENT: Record<string, string> = {};

/**
 * OAuth refusals that are about the values a caller puts in, not the example's shape: a
 * placeholder refresh or subject token is `invalid_grant` (RFC 6749 §5.2) until the caller
 * pastes one of its own.
 */
const PLACEHOLDER_REFUSALS = new Set(['invalid_grant']);

interface Sent {
  key: string;
  label: string;
  status: number;
  body: string;
}

/**
 * Every request-body example of the OpenAPI document, sent as "Try it out" sends it (first media
 * type, each named example or the generated body), by a caller the operation admits: an
 * administrator, a signed-in user for their own account, a client for the OAuth endpoints.
 * None may be refused as a bad request because of the example itself.
 */
describe('"Try it out" with every request example of the OpenAPI document', () => {
  let sut: OAuthTestApp;
  let document: OpenApiDocument;
  let client: OAuthClient;

  beforeAll(async () => {
    sut = await createOAuthTestApp();
    ({ document } = await fetchDocument(sut));
    // Every grant; authorization_code needs somewhere to send its codes.
    const created = await postJson(
      sut,
      '/clients',
      {
        name: 'test-client',
        permissions: [],
        grant_types: [...SUPPORTED_GRANT_TYPES],
        redirect_uris: ['https://app.example.com/callback'],
      },
      { authorization: `Bearer ${sut.adminToken}` },
    );
    client = (await created.json()) as OAuthClient;
  });
  afterAll(() => sut.close());

  /** A concrete path: a throwaway user for `{id}`, a key that does not exist for `{kid}`. */
  async function pathOf({ path, operation }: DocumentedOperation): Promise<string> {
    let concrete = path;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'path') continue;
      const example = parameter.example ?? parameter.schema?.example;
      const value =
        typeof example === 'string'
          ? example
          : parameter.name === 'id'
            ? (await registeredAccount(sut)).id
            : 'no-such-kid';
      concrete = concrete.replace(`{${parameter.name}}`, encodeURIComponent(value));
    }
    return concrete;
  }

  /** Who calls: routes about one's own account get a user of their own, the rest the admin. */
  async function authorizationOf(
    { path, operation }: DocumentedOperation,
    sample: RequestSample | undefined,
  ): Promise<Record<string, string>> {
    const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
    if (schemes.includes('client_secret_basic')) {
      const inBody =
        typeof sample?.body === 'object' && sample.body !== null && 'client_id' in sample.body;
      return inBody ? {} : basic(client);
    }
    if (!schemes.includes('bearer')) return {};
    if (!path.startsWith('/auth/')) return { authorization: `Bearer ${sut.adminToken}` };
    const session = await loginOk(sut, await registeredAccount(sut));
    return { authorization: `Bearer ${session.access_token}` };
  }

  /** A client fills in its own credentials where the example shows placeholders. */
  function withOwnCredentials(sample: RequestSample): RequestSample {
    const body = sample.body as Record<string, unknown>;
    if (!('client_id' in body)) return sample;
    const own = { ...body, client_id: client.client_id, client_secret: client.client_secret };
    return { ...sample, body: own };
  }

  async function send(entry: DocumentedOperation, sample?: RequestSample): Promise<Sent> {
    const filled = sample === undefined ? undefined : withOwnCredentials(sample);
    const headers = await authorizationOf(entry, filled);
    if (filled !== undefined) headers['content-type'] = filled.contentType;
    const response = await sut.request(await pathOf(entry), {
      method: entry.method,
      headers,
      body: filled === undefined ? undefined : encodeBody(filled),
    });
    const label = sample === undefined ? 'no body' : `${sample.label} (${sample.contentType})`;
    return { key: entry.key, label, status: response.status, body: await response.text() };
  }

  function refusedForTheExample({ status, body }: Sent): boolean {
    if (status >= 500) return true;
    if (status !== 400) return false;
    const { error } = JSON.parse(body) as { error?: unknown };
    return !(typeof error === 'string' && PLACEHOLDER_REFUSALS.has(error));
  }

  it('logs in with the username or the email, never both (both is a 400)', () => {
    const bodies = requestSamples(document, document.paths['/auth/login'].post).map(({ body }) =>
      Object.keys(body as object).sort(),
    );

    expect(bodies).toEqual([
      ['password', 'username'],
      ['email', 'password'],
    ]);
  });

  it('changes a user without deactivating it in every PATCH /users/{id} example', () => {
    const bodies = requestSamples(document, document.paths['/users/{id}'].patch).map(
      ({ body }) => body as Record<string, unknown>,
    );

    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.filter((body) => body.isActive === false)).toEqual([]);
  });

  it('sends each example, and an optional body left out, without a 400 caused by it', async () => {
    const operations = operationsOf(document).filter(
      ({ key, operation }) => operation.requestBody !== undefined && NOT_SENT[key] === undefined,
    );
    // Registration first, as a person would: the login and password-grant examples use its account.
    operations.sort(
      (a, b) => Number(b.key === 'POST /auth/register') - Number(a.key === 'POST /auth/register'),
    );
    const sent: Sent[] = [];
    for (const entry of operations) {
      for (const sample of requestSamples(document, entry.operation)) {
        sent.push(await send(entry, sample));
      }
      if (entry.operation.requestBody?.required === false) sent.push(await send(entry));
    }
    console.info(
      `"Try it out" answers:\n${sent.map((s) => `${s.status} ${s.key}: ${s.label}`).join('\n')}`,
    );

    expect(operations.length).toBeGreaterThan(10);
    expect(sent.filter(refusedForTheExample)).toEqual([]);
  });
});
