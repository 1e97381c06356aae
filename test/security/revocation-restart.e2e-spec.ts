import { randomBytes } from 'node:crypto';
import {
  ACCESS_TOKEN_TYPE,
  ADMIN,
  basic,
  introspect,
  OAuthClient,
  postForm,
  postJson,
  TOKEN_EXCHANGE,
  tokenOk,
} from '../oauth/oauth.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { authedPost, loginOk, registeredAccount, SESSION_ENV } from '../tokens/session.fixtures';

// Longer than the global 60 s on purpose: the last cases boot a replica, or restart one, inside
// the test, after a score of revocations and introspections.
jest.setTimeout(120000);

/** A token that must be refused, and what it is, for the failure message. */
interface Revoked {
  label: string;
  token: string;
}

/**
 * Every revocation holds on every replica: on the one that made it, on one started later (which
 * knows only the database), and on the first after it restarts. Each case revokes on the first
 * replica; the tokens it names must be refused by a protected route (401) and introspect as
 * inactive, while tokens of untouched sessions and clients stay accepted.
 */
describe('revocations survive restarts and reach replicas started later', () => {
  let database: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;
  let first: TestApp;
  let adminToken: string;
  let gateway: OAuthClient;
  let observer: OAuthClient;
  const revoked: Revoked[] = [];
  const alive: Revoked[] = [];

  const boot = () => createTestApp(env, { databaseUrl: database.url });

  async function createClient(name: string): Promise<OAuthClient> {
    const response = await postJson(
      first,
      '/clients',
      { name, permissions: [] },
      { authorization: `Bearer ${adminToken}` },
    );
    if (response.status !== 201) throw new Error(`create client: ${response.status}`);
    return (await response.json()) as OAuthClient;
  }

  async function serviceToken(client: OAuthClient): Promise<string> {
    return (await tokenOk(first, client, { grant_type: 'client_credentials' })).access_token;
  }

  async function delegate(actor: OAuthClient, subjectToken: string): Promise<string> {
    const issued = await tokenOk(first, actor, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    return issued.access_token;
  }

  /** A user's session and a token `gateway` got for it by exchange. */
  async function sessionWithDelegation() {
    const who = await registeredAccount(first);
    const pair = await loginOk(first, who);
    return { who, pair, delegated: await delegate(gateway, pair.access_token) };
  }

  function admin(method: string, path: string, body?: unknown): Promise<Response> {
    return first.request(path, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** GET /auth/me: 401 when refused; 200 for a user's token, 403 for a service token. */
  async function meStatus(sut: TestApp, token: string): Promise<number> {
    const response = await sut.request('/auth/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function expectRefused(sut: TestApp): Promise<void> {
    for (const { label, token } of revoked) {
      expect({ label, status: await meStatus(sut, token) }).toEqual({ label, status: 401 });
      const answer = await introspect(sut, observer, token);
      expect({ label, active: answer.active }).toEqual({ label, active: false });
    }
    for (const { label, token } of alive) {
      expect({ label, status: await meStatus(sut, token) }).toEqual({ label, status: 200 });
      const answer = await introspect(sut, observer, token);
      expect({ label, active: answer.active }).toEqual({ label, active: true });
    }
  }

  /**
   * Asserts the tokens are accepted now (a service token is refused by /auth/me, but as the
   * wrong kind of token, 403, not as an invalid one), then records them as to be refused.
   */
  async function toBeRevoked(tokens: Record<string, string>): Promise<void> {
    for (const [label, token] of Object.entries(tokens)) {
      expect({ label, active: (await introspect(first, observer, token)).active }).toEqual({
        label,
        active: true,
      });
      expect([200, 403]).toContain(await meStatus(first, token));
    }
    for (const [label, token] of Object.entries(tokens)) revoked.push({ label, token });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...SESSION_ENV,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    first = await boot();
    const response = await postJson(first, '/auth/login', ADMIN);
    adminToken = ((await response.json()) as { access_token: string }).access_token;
    gateway = await createClient('gateway');
    observer = await createClient('observer');
  });
  afterAll(async () => {
    await first?.close();
    await database?.drop();
  });

  it('refuses a delegated token once the session it was taken from logs out', async () => {
    const { pair, delegated } = await sessionWithDelegation();
    await toBeRevoked({ 'logged-out session': pair.access_token, 'its delegation': delegated });

    expect((await authedPost(first, '/auth/logout', pair.access_token)).status).toBe(200);

    await expectRefused(first);
  });

  it('refuses the tokens of a deleted user, its delegations included', async () => {
    const { who, pair, delegated } = await sessionWithDelegation();
    await toBeRevoked({ 'deleted user': pair.access_token, 'its delegation': delegated });

    expect((await admin('DELETE', `/users/${who.id}`)).status).toBe(204);

    await expectRefused(first);
  });

  it('refuses the tokens of a deactivated user', async () => {
    const { who, pair, delegated } = await sessionWithDelegation();
    await toBeRevoked({ 'deactivated user': pair.access_token, 'its delegation': delegated });

    expect((await admin('PATCH', `/users/${who.id}`, { isActive: false })).status).toBe(200);

    await expectRefused(first);
  });

  it('refuses the tokens of a user logged out everywhere', async () => {
    const { who, pair, delegated } = await sessionWithDelegation();
    await toBeRevoked({ 'logged out everywhere': pair.access_token, 'its delegation': delegated });

    expect((await admin('POST', `/users/${who.id}/revoke-tokens`)).status).toBe(204);

    await expectRefused(first);
  });

  it('refuses the tokens of a user who changed the password', async () => {
    const { who, pair, delegated } = await sessionWithDelegation();
    await toBeRevoked({ 'password changed': pair.access_token, 'its delegation': delegated });

    const change = await authedPost(first, '/auth/password', pair.access_token, {
      currentPassword: who.password,
      newPassword: `${who.password} v2`,
    });
    expect(change.status).toBe(204);

    await expectRefused(first);
  });

  it('refuses a service token revoked by its client (RFC 7009), and what was delegated from it', async () => {
    const machine = await createClient('machine');
    const token = await serviceToken(machine);
    const delegated = await delegate(gateway, token);
    await toBeRevoked({ 'service token revoked': token, 'delegated from it': delegated });

    const response = await postForm(first, '/oauth/revoke', { token }, basic(machine));
    expect(response.status).toBe(200);

    await expectRefused(first);
  });

  it("refuses a deleted client's service token, what was delegated from it and by it", async () => {
    const doomed = await createClient('doomed');
    const token = await serviceToken(doomed);
    const fromIt = await delegate(gateway, token);
    const { pair } = await sessionWithDelegation();
    const byIt = await delegate(doomed, pair.access_token);
    await toBeRevoked({
      'service token of a deleted client': token,
      'delegated from it': fromIt,
      'delegated by it': byIt,
    });

    expect((await admin('DELETE', `/clients/${doomed.client_id}`)).status).toBe(204);

    await expectRefused(first);
  });

  it('refuses all of them on a replica started afterwards, and leaves the others alone', async () => {
    const { pair, delegated } = await sessionWithDelegation();
    alive.push({ label: 'untouched session', token: pair.access_token });
    alive.push({ label: 'untouched delegation', token: delegated });
    expect(revoked.length).toBeGreaterThanOrEqual(15);

    const second = await boot();
    try {
      await expectRefused(second);
    } finally {
      await second.close();
    }
  });

  it('refuses all of them on the first replica after it restarts', async () => {
    await first.close();
    first = await boot();

    await expectRefused(first);
  });
});
