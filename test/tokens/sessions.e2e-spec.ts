import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/test-app';
import {
  authedPost,
  bodyOf,
  login,
  loginOk,
  me,
  refresh,
  registeredAccount,
  SESSION_ENV,
} from './session.fixtures';

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('/auth sessions', () => {
  let sut: TestApp;

  beforeAll(async () => {
    // Reuse is detected at once here; refresh-race.e2e-spec covers REFRESH_REUSE_GRACE.
    sut = await createTestApp({ ...SESSION_ENV, REFRESH_REUSE_GRACE: '0' });
  });
  afterAll(() => sut.close());

  it('register -> login -> me -> refresh -> logout, tokens verified by jose over the JWKS', async () => {
    const who = await registeredAccount(sut);

    const loginResponse = await login(sut, {
      email: who.email.toUpperCase(),
      password: who.password,
    });
    expect(loginResponse.status).toBe(200);
    expect(loginResponse.headers.get('cache-control')).toBe('no-store');
    const pair = (await loginResponse.json()) as Record<string, unknown>;
    expect(pair).toMatchObject({
      token_type: 'Bearer',
      expires_in: sut.config.jwt.accessTokenTtl,
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      user: { id: who.id, username: who.username, roles: ['user'] },
    });

    const jwks = createRemoteJWKSet(new URL(`${sut.baseUrl}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(pair.access_token as string, jwks, {
      issuer: sut.config.jwt.issuer,
      audience: sut.config.jwt.audience,
      typ: 'at+jwt',
      algorithms: ['RS256'],
      requiredClaims: ['jti', 'iat', 'nbf', 'exp', 'sub'],
    });
    expect(protectedHeader).toMatchObject({ typ: 'at+jwt', alg: 'RS256', kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: who.id,
      client_id: 'warden',
      token_use: 'access',
      roles: ['user'],
      permissions: [],
      username: who.username,
    });

    const meResponse = await me(sut, pair.access_token as string);
    expect(meResponse.status).toBe(200);
    expect(await meResponse.json()).toMatchObject({ id: who.id, username: who.username });

    const refreshed = await refresh(sut, pair.refresh_token as string);
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Record<string, string>;
    expect(next.refresh_token).not.toBe(pair.refresh_token);
    const nextPayload = (await jwtVerify(next.access_token, jwks, { typ: 'at+jwt' })).payload;
    expect(nextPayload.exp).toBeGreaterThan(payload.exp as number);
    expect(nextPayload.jti).not.toBe(payload.jti);

    const logout = await authedPost(sut, '/auth/logout', next.access_token, {
      refresh_token: next.refresh_token,
    });
    expect(logout.status).toBe(200);
    expect(await logout.json()).toEqual({ message: 'Logged out' });

    expect((await me(sut, next.access_token)).status).toBe(401);
    expect((await refresh(sut, next.refresh_token)).status).toBe(401);
  });

  it('stores only the SHA-256 digest of a refresh token', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));

    const rows = await query<{ token_hash: Buffer }>(
      sut.databaseUrl,
      `SELECT token_hash FROM refresh_tokens WHERE user_id = $1`,
      [pair.user.id],
    );

    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toHaveLength(32);
    expect(rows[0].token_hash.toString('base64url')).not.toBe(pair.refresh_token);
  });

  it('answers a wrong password and an unknown user alike, in similar time', async () => {
    const who = await registeredAccount(sut);
    async function timed(body: unknown): Promise<{ ms: number; status: number; text: string }> {
      const started = performance.now();
      const response = await login(sut, body);
      const text = await response.text();
      return { ms: performance.now() - started, status: response.status, text };
    }
    const wrong: number[] = [];
    const unknown: number[] = [];
    let wrongReply = { status: 0, text: '' };
    let unknownReply = { status: 0, text: '' };
    for (let i = 0; i < 3; i += 1) {
      const a = await timed({ username: who.username, password: `wrong ${i} password` });
      const b = await timed({
        username: `nobody.${i}.${who.username}`,
        password: 'wrong password',
      });
      wrong.push(a.ms);
      unknown.push(b.ms);
      wrongReply = a;
      unknownReply = b;
    }

    expect(wrongReply.status).toBe(401);
    expect(unknownReply.status).toBe(401);
    expect(JSON.parse(unknownReply.text)).toEqual(JSON.parse(wrongReply.text));
    expect(JSON.parse(wrongReply.text)).toMatchObject({ code: 'ERR_INVALID_CREDENTIALS' });
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[1];
    const ratio = median(wrong) / median(unknown);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('refuses a body naming both username and email, or neither, or an unknown field', async () => {
    const cases = [
      { username: 'a', email: 'a@example.com', password: 'x' },
      { password: 'x' },
      { username: 'a', password: 'x', admin: true },
    ];
    for (const body of cases) {
      expect((await login(sut, body)).status).toBe(400);
    }
  });

  it('a reused refresh token revokes the family: the newest token stops working too', async () => {
    const first = await loginOk(sut, await registeredAccount(sut));
    const second = (await (await refresh(sut, first.refresh_token)).json()) as Record<
      string,
      string
    >;

    const reuse = await refresh(sut, first.refresh_token);

    expect(reuse.status).toBe(401);
    expect(await bodyOf(reuse)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_REUSED' });
    const newest = await refresh(sut, second.refresh_token);
    expect(newest.status).toBe(401);
    expect(await bodyOf(newest)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_INVALID' });
    // The access token issued with the newest refresh token is denied as well.
    expect((await me(sut, second.access_token)).status).toBe(401);
    const audit = await query<{ type: string }>(
      sut.databaseUrl,
      `SELECT type FROM audit_events WHERE type = 'token.reuse_detected' AND subject = $1`,
      [first.user.id],
    );
    expect(audit).toHaveLength(1);
  });

  it.each([2, 5])('%i refreshes of one token sent at once: exactly one succeeds', async (n) => {
    const pair = await loginOk(sut, await registeredAccount(sut));

    const responses = await Promise.all(
      Array.from({ length: n }, () => refresh(sut, pair.refresh_token)),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(n - 1);
  });

  it('answers an unknown or malformed refresh token with 401 invalid', async () => {
    for (const token of ['x'.repeat(43), 'not a token']) {
      const response = await refresh(sut, token);
      expect(response.status).toBe(401);
      expect(await bodyOf(response)).toMatchObject({ code: 'ERR_REFRESH_TOKEN_INVALID' });
    }
  });

  it('logout without a refresh token still ends the session the access token came from', async () => {
    const pair = await loginOk(sut, await registeredAccount(sut));

    expect((await authedPost(sut, '/auth/logout', pair.access_token)).status).toBe(200);

    expect((await me(sut, pair.access_token)).status).toBe(401);
    expect((await refresh(sut, pair.refresh_token)).status).toBe(401);
  });

  it("logout leaves another user's refresh token alone", async () => {
    const mine = await loginOk(sut, await registeredAccount(sut));
    const theirs = await loginOk(sut, await registeredAccount(sut));

    await authedPost(sut, '/auth/logout', mine.access_token, {
      refresh_token: theirs.refresh_token,
    });

    expect((await refresh(sut, theirs.refresh_token)).status).toBe(200);
  });

  it('a password change revokes every session and access token, and the new password works', async () => {
    const who = await registeredAccount(sut);
    const laptop = await loginOk(sut, who);
    const phone = await loginOk(sut, who);
    const newPassword = `${who.password} v2`;

    const change = await authedPost(sut, '/auth/password', laptop.access_token, {
      currentPassword: who.password,
      newPassword,
    });

    expect(change.status).toBe(204);
    for (const session of [laptop, phone]) {
      expect((await me(sut, session.access_token)).status).toBe(401);
      expect((await refresh(sut, session.refresh_token)).status).toBe(401);
    }
    expect((await login(sut, { username: who.username, password: who.password })).status).toBe(401);
    // A login in the very second of the change still gets a working token.
    const fresh = await loginOk(sut, { ...who, password: newPassword });
    expect((await me(sut, fresh.access_token)).status).toBe(200);
  });

  it('refuses a password change with a wrong current password or a bad new one', async () => {
    const who = await registeredAccount(sut);
    const pair = await loginOk(sut, who);

    const wrong = await authedPost(sut, '/auth/password', pair.access_token, {
      currentPassword: 'not the password',
      newPassword: 'another good password',
    });
    const tooLong = await authedPost(sut, '/auth/password', pair.access_token, {
      currentPassword: who.password,
      newPassword: 'a'.repeat(73),
    });
    const sameAsName = await authedPost(sut, '/auth/password', pair.access_token, {
      currentPassword: who.password,
      newPassword: who.username,
    });

    expect(wrong.status).toBe(401);
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toMatch(/72 bytes/);
    expect(sameAsName.status).toBe(400);
    expect(await bodyOf(sameAsName)).toMatchObject({
      code: 'ERR_INVALID_PASSWORD',
      field: 'newPassword',
    });
    expect((await me(sut, pair.access_token)).status).toBe(200);
  });

  it('requires a bearer token on me, logout and password', async () => {
    expect((await sut.request('/auth/me')).status).toBe(401);
    expect((await authedPost(sut, '/auth/logout', 'not-a-jwt')).status).toBe(401);
    expect(
      (
        await sut.request('/auth/password', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ currentPassword: 'x', newPassword: 'yyyyyyyyyy' }),
        })
      ).status,
    ).toBe(401);
  });

  it('documents the session routes in OpenAPI, with bearer security where needed', async () => {
    const document = (await (await sut.request('/docs-json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: object }>>;
    };

    expect(Object.keys(document.paths.auth_login ?? document.paths['/auth/login'])).toEqual([
      'post',
    ]);
    expect(document.paths['/auth/login'].post.security).toEqual([]);
    expect(document.paths['/auth/login'].post.responses).toHaveProperty('429');
    expect(document.paths['/auth/refresh'].post.responses).toHaveProperty('401');
    expect(document.paths['/auth/me'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/auth/logout'].post.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/auth/password'].post.responses).toHaveProperty('204');
  });
});
