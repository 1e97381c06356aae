import { Client } from 'pg';
import { FakeClock } from '../../src/common/fake-clock';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { api } from '../admin/admin.fixtures';
import {
  ACCESS_TOKEN_TYPE,
  claimsOf,
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
  token,
  TOKEN_EXCHANGE,
  tokenOk,
  errorOf,
} from './oauth.fixtures';

describe('token exchange (RFC 8693)', () => {
  const clock = new FakeClock(Date.UTC(2026, 6, 1, 9, 0, 0));
  let sut: OAuthTestApp;
  let first: OAuthClient;
  let second: OAuthClient;
  let machine: OAuthClient;

  const exchange = (client: OAuthClient, subjectToken: string, extra = {}) =>
    token(sut, client, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      ...extra,
    });

  async function exchangeOk(client: OAuthClient, subjectToken: string, extra = {}) {
    const response = await exchange(client, subjectToken, extra);
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown> & { access_token: string };
  }

  beforeAll(async () => {
    sut = await createOAuthTestApp({}, clock);
    first = await createClient(sut, {
      name: 'gateway',
      permissions: ['users:read', 'users:write'],
    });
    second = await createClient(sut, { name: 'reports', permissions: ['users:read'] });
    machine = await createClient(sut, { grant_types: ['client_credentials'] });
  });
  afterAll(() => sut.close());

  it('builds an actor chain: act.sub is the latest client, act.act.sub the one before', async () => {
    const subject = claimsOf(sut.adminToken);

    const once = await exchangeOk(first, sut.adminToken);
    const twice = await exchangeOk(second, once.access_token);

    expect(once).toMatchObject({
      token_type: 'Bearer',
      issued_token_type: ACCESS_TOKEN_TYPE,
      expires_in: 300,
    });
    expect(once.refresh_token).toBeUndefined();
    expect(claimsOf(twice.access_token)).toMatchObject({
      sub: subject.sub,
      username: 'root',
      token_use: 'delegated',
      client_id: second.client_id,
      roles: subject.roles,
      // What the subject and every actor on the way hold.
      permissions: ['users:read'],
      act: { sub: `client:${second.client_id}`, act: { sub: `client:${first.client_id}` } },
    });
    const me = await sut.request('/auth/me', {
      headers: { authorization: `Bearer ${twice.access_token}` },
    });
    expect(me.status).toBe(200);
  });

  it('narrows to a requested subset, and never widens it again', async () => {
    const narrowed = await exchangeOk(first, sut.adminToken, { scope: 'users:read' });
    const widened = await exchange(first, narrowed.access_token, { scope: 'users:write' });

    expect(narrowed.scope).toBe('users:read');
    expect(claimsOf(narrowed.access_token)).toMatchObject({ permissions: ['users:read'] });
    expect(await errorOf(widened)).toEqual({ status: 400, error: 'invalid_scope' });
  });

  it('refuses a permission the subject lacks: invalid_scope', async () => {
    const user = await loginOk(sut, await registeredAccount(sut));

    const response = await exchange(first, user.access_token, { scope: 'users:read' });

    expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_scope' });
  });

  it("carries at most what the acting client holds itself, whatever the subject's", async () => {
    const reports = await createClient(sut, { name: 'reader', permissions: ['reports:read'] });

    const delegated = await exchangeOk(reports, sut.adminToken);
    const beyond = await exchange(reports, sut.adminToken, { scope: 'users:write' });

    expect(claimsOf(sut.adminToken).permissions).toContain('users:write');
    expect(claimsOf(delegated.access_token)).toMatchObject({ permissions: [] });
    expect(await errorOf(beyond)).toEqual({ status: 400, error: 'invalid_scope' });
  });

  it('gives exactly the intersection of subject and actor', async () => {
    const reports = await createClient(sut, { name: 'reader', permissions: ['reports:read'] });
    const account = await registeredAccount(sut);
    const granted = await api(sut, 'PATCH', `/users/${account.id}`, sut.adminToken, {
      permissions: ['reports:read', 'reports:write'],
    });
    expect(granted.status).toBe(200);
    const subject = await loginOk(sut, account);

    const delegated = await exchangeOk(reports, subject.access_token);
    const asked = await exchangeOk(reports, subject.access_token, { scope: 'reports:read' });
    const beyond = await exchange(reports, subject.access_token, { scope: 'reports:write' });

    expect(claimsOf(delegated.access_token)).toMatchObject({ permissions: ['reports:read'] });
    expect(claimsOf(asked.access_token)).toMatchObject({ permissions: ['reports:read'] });
    expect(await errorOf(beyond)).toEqual({ status: 400, error: 'invalid_scope' });
  });

  // Moves the clock past the administrator's token: later tests use fresh subject tokens.
  it('never lets the delegated token outlive the subject token', async () => {
    const user = await loginOk(sut, await registeredAccount(sut));
    const subjectExp = claimsOf(user.access_token).exp as number;

    const early = await exchangeOk(first, user.access_token);
    clock.advance(sut.config.jwt.accessTokenTtl - 100);
    const late = await exchangeOk(first, user.access_token);

    expect(claimsOf(early.access_token).exp).toBeLessThan(subjectExp);
    expect(claimsOf(late.access_token).exp).toBe(subjectExp);
    expect(late.expires_in).toBe(100);
    clock.advance(100 + sut.config.jwt.clockTolerance + 1);
    expect(await errorOf(await exchange(first, user.access_token))).toEqual({
      status: 400,
      error: 'invalid_grant',
    });
  });

  it('refuses a revoked, garbage or foreign subject token: invalid_grant', async () => {
    const user = await loginOk(sut, await registeredAccount(sut));
    await sut.request('/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const [header, payload] = sut.adminToken.split('.');

    for (const subjectToken of [user.access_token, 'garbage', `${header}.${payload}.c2ln`]) {
      expect(await errorOf(await exchange(first, subjectToken))).toEqual({
        status: 400,
        error: 'invalid_grant',
      });
    }
  });

  it('takes only this service audience: invalid_target otherwise', async () => {
    const { access_token: subject } = await loginOk(sut, await registeredAccount(sut));

    const own = await exchangeOk(first, subject, { audience: sut.config.jwt.audience });
    const foreign = await exchange(first, subject, { audience: 'https://elsewhere' });
    const resource = await exchange(first, subject, { resource: 'https://elsewhere/api' });

    expect(claimsOf(own.access_token).aud).toBe(sut.config.jwt.audience);
    expect(await errorOf(foreign)).toEqual({ status: 400, error: 'invalid_target' });
    expect(await errorOf(resource)).toEqual({ status: 400, error: 'invalid_target' });
  });

  it.each([
    ['no subject_token_type', { subject_token_type: '' }],
    [
      'a refresh token type',
      { subject_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' },
    ],
    ['an actor_token', { actor_token: 'x', actor_token_type: ACCESS_TOKEN_TYPE }],
  ])('invalid_request for %s', async (_case, extra) => {
    const response = await exchange(first, sut.adminToken, extra);

    expect(await errorOf(response)).toEqual({ status: 400, error: 'invalid_request' });
  });

  it('unauthorized_client for a client not registered for token exchange', async () => {
    const { access_token: subject } = await loginOk(sut, await registeredAccount(sut));

    expect(await errorOf(await exchange(machine, subject))).toEqual({
      status: 400,
      error: 'unauthorized_client',
    });
  });

  it('exchanges service tokens too, and records token.exchanged', async () => {
    const service = await tokenOk(sut, second, { grant_type: 'client_credentials' });

    const delegated = await exchangeOk(first, service.access_token);

    expect(claimsOf(delegated.access_token)).toMatchObject({
      sub: `client:${second.client_id}`,
      act: { sub: `client:${first.client_id}` },
    });
    const db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ actor: string; details: { jti: string } }>(
        `SELECT actor, details FROM audit_events WHERE type = 'token.exchanged' AND subject = $1`,
        [`client:${second.client_id}`],
      );
      expect(rows).toEqual([
        {
          actor: `client:${first.client_id}`,
          details: expect.objectContaining({ jti: claimsOf(delegated.access_token).jti }),
        },
      ]);
    } finally {
      await db.end();
    }
  });
});
