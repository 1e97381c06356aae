import { decodeJwt } from 'jose';
import {
  ACCESS_TOKEN_TYPE,
  ADMIN,
  OAuthClient,
  postJson,
  token,
  TOKEN_EXCHANGE,
} from '../oauth/oauth.fixtures';
import { me, registeredAccount } from '../tokens/session.fixtures';
import {
  bearer,
  confirmTotp,
  createMfaWorld,
  disableTotp,
  EnrolledUser,
  fullLogin,
  mfaLogin,
  mfaTokenOf,
  MfaWorld,
  passwordLogin,
  query,
  startTotp,
} from './mfa.fixtures';

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

interface AuditItem {
  type: string;
  subject: string | null;
  details: Record<string, unknown>;
}

/**
 * MFA_REQUIRED_ROLES=admin: the bootstrapped administrator must enrol before anything else.
 * The tests run in order: the administrator enrols in the third one.
 */
describe('MFA_REQUIRED_ROLES', () => {
  let world: MfaWorld;
  let enrolmentToken: string;
  let root: EnrolledUser;

  const get = (path: string, token: string) => world.sut.request(path, { headers: bearer(token) });
  const audit = async (type: string, token: string): Promise<AuditItem[]> => {
    const response = await get(`/audit?type=${type}&limit=100`, token);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: AuditItem[] }).items;
  };

  beforeAll(async () => {
    world = await createMfaWorld({
      MFA_REQUIRED_ROLES: 'admin',
      LOGIN_MAX_ATTEMPTS: '100',
      LOGIN_ACCOUNT_MAX_ATTEMPTS: '100',
    });
  });
  afterAll(() => world.sut.close());

  it('gives an unenrolled admin an enrolment token, not a session', async () => {
    const response = await passwordLogin(world, { ...ADMIN, email: '' });

    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      mfa_enrolment_required: true,
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      user: { username: ADMIN.username },
    });
    expect(body).not.toHaveProperty('refresh_token');
    enrolmentToken = body.access_token as string;
    const claims = decodeJwt(enrolmentToken);
    expect(claims.aud).toEqual(
      Array.isArray(claims.aud) ? ['urn:warden:mfa-enrolment'] : 'urn:warden:mfa-enrolment',
    );
    expect(claims.roles ?? []).toEqual([]);
    expect(claims.permissions ?? []).toEqual([]);
  });

  it('accepts the enrolment token nowhere but the enrolment routes', async () => {
    const refusals = [
      await me(world.sut, enrolmentToken),
      await get('/users', enrolmentToken),
      await get('/audit', enrolmentToken),
      await disableTotp(world, enrolmentToken, { password: ADMIN.password, code: '123456' }),
      await postJson(world.sut, '/clients', { name: 'x', permissions: [] }, bearer(enrolmentToken)),
    ];
    for (const response of refusals) {
      expect({ url: response.url, status: response.status }).toEqual({
        url: response.url,
        status: 401,
      });
      expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
  });

  it('lets the admin enrol with it, then log in through the second factor', async () => {
    const started = await startTotp(world, enrolmentToken);
    expect(started.status).toBe(200);
    const { secret } = (await started.json()) as { secret: string };
    const confirmed = await confirmTotp(world, enrolmentToken, world.code(secret));
    expect(confirmed.status).toBe(200);
    const { recovery_codes } = (await confirmed.json()) as { recovery_codes: string[] };
    expect(recovery_codes).toHaveLength(10);
    world.nextStep();
    const id = decodeJwt(enrolmentToken).sub as string;
    root = { account: { ...ADMIN, email: '', id }, secret, recoveryCodes: recovery_codes };

    const passwordStep = await passwordLogin(world, root.account);
    expect(passwordStep.status).toBe(401);
    expect(await json(passwordStep)).toMatchObject({ error: 'mfa_required' });

    const session = await fullLogin(world, root);
    expect(session).toMatchObject({ refresh_token: expect.any(String) });
    expect(session).not.toHaveProperty('mfa_enrolment_required');
    expect(decodeJwt(session.access_token)).toMatchObject({
      roles: expect.arrayContaining(['admin']),
      acr: 'urn:warden:acr:mfa',
    });
    expect((await get('/users', session.access_token)).status).toBe(200);
  });

  it('lets a user without the role log in with the password alone', async () => {
    const who = await registeredAccount(world.sut);
    const response = await passwordLogin(world, who);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ refresh_token: expect.any(String) });
    expect(body).not.toHaveProperty('mfa_enrolment_required');
    expect(decodeJwt(body.access_token as string)).toMatchObject({ amr: ['pwd'] });
  });

  it('asks a user for enrolment once an admin grants the role', async () => {
    const { access_token } = await fullLogin(world, root);
    const who = await registeredAccount(world.sut);
    const granted = await world.sut.request(`/users/${who.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(access_token) },
      body: JSON.stringify({ roles: ['user', 'admin'] }),
    });
    expect(granted.status).toBe(200);

    const body = await json(await passwordLogin(world, who));
    expect(body).toMatchObject({ mfa_enrolment_required: true });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('does not trade an enrolment token for a delegated one (RFC 8693)', async () => {
    const { access_token } = await fullLogin(world, root);
    const created = await postJson(
      world.sut,
      '/clients',
      { name: 'gw', permissions: [] },
      bearer(access_token),
    );
    expect(created.status).toBe(201);
    const gateway = (await created.json()) as OAuthClient;
    const who = await registeredAccount(world.sut);
    await world.sut.request(`/users/${who.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(access_token) },
      body: JSON.stringify({ roles: ['user', 'admin'] }),
    });
    const enrolment = (await json(await passwordLogin(world, who))).access_token as string;

    const response = await token(world.sut, gateway, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: enrolment,
      subject_token_type: ACCESS_TOKEN_TYPE,
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(['invalid_request', 'invalid_grant']).toContain(body.error);
    expect(body).not.toHaveProperty('access_token');
  });

  it('audits enrolment, success and failure, never with the secret or a recovery code', async () => {
    const mfa_token = await mfaTokenOf(world, root.account);
    const right = world.code(root.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    expect((await mfaLogin(world, { mfa_token, code: wrong })).status).toBe(401);
    expect((await mfaLogin(world, { mfa_token, code: right })).status).toBe(200);
    const replayed = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, root.account),
      code: right,
    });
    expect(replayed.status).toBe(401);
    const badRecovery = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, root.account),
      recovery_code: 'AAAA-AAAA-AAAA-AAAA',
    });
    expect(badRecovery.status).toBe(401);
    const recovered = await mfaLogin(world, {
      mfa_token: await mfaTokenOf(world, root.account),
      recovery_code: root.recoveryCodes[0],
    });
    expect(recovered.status).toBe(200);
    world.nextStep();
    const { access_token } = await fullLogin(world, root);

    const subject = root.account.id;
    const mine = (items: AuditItem[]) => items.filter((item) => item.subject === subject);
    expect(mine(await audit('mfa.enrolment_started', access_token)).length).toBeGreaterThan(0);
    expect(mine(await audit('mfa.enrolled', access_token))).toHaveLength(1);
    expect(mine(await audit('mfa.succeeded', access_token)).length).toBeGreaterThanOrEqual(3);
    const reasons = mine(await audit('mfa.failed', access_token)).map(
      (item) => item.details.reason,
    );
    expect(reasons).toEqual(
      expect.arrayContaining(['wrong_code', 'replayed_code', 'wrong_recovery_code']),
    );
    expect(mine(await audit('mfa.recovery_code_used', access_token))).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ remaining: 9 }) }),
    ]);

    const rows = await query<{ row: string }>(
      world.sut.databaseUrl,
      'SELECT row_to_json(a)::text AS row FROM audit_events a',
    );
    expect(rows.length).toBeGreaterThan(0);
    const needles = [
      root.secret,
      ...root.recoveryCodes,
      ...root.recoveryCodes.map((c) => c.replace(/-/g, '')),
    ];
    for (const { row } of rows) {
      for (const needle of needles) expect(row.toUpperCase()).not.toContain(needle);
    }
  });

  it('counts second-factor outcomes in warden_mfa_total', async () => {
    const response = await world.sut.request('/metrics');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^warden_mfa_total\{[^}]*outcome="[a-z_]+"[^}]*\} [1-9]/m);
  });
});
