import { createTestApp, TestApp } from '../support/test-app';
import { ADMIN_ENV, adminLogin, api, claimsOf, plainUser } from '../admin/admin.fixtures';

/**
 * MFA_REQUIRED_ROLES reaches sessions begun before it applied to the user: a password-only
 * session of a user who has since been given such a role cannot be refreshed (the user logs in
 * again and must enrol), while sessions of users outside those roles live on.
 */
describe('MFA_REQUIRED_ROLES and existing sessions', () => {
  let sut: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    sut = await createTestApp({ ...ADMIN_ENV, MFA_REQUIRED_ROLES: 'editor' });
    adminToken = (await adminLogin(sut)).access_token;
    const role = await api(sut, 'PUT', '/roles/editor', adminToken, {
      permissions: ['articles:write'],
    });
    expect(role.status).toBeLessThan(300);
  });

  afterAll(() => sut.close());

  function refresh(refreshToken: string): Promise<Response> {
    return api(sut, 'POST', '/auth/refresh', undefined, { refresh_token: refreshToken });
  }

  it('refuses to refresh a password-only session once the user holds a role requiring MFA', async () => {
    const { account, session } = await plainUser(sut);
    expect(claimsOf(session.access_token).amr).toEqual(['pwd']);

    const granted = await api(sut, 'PATCH', `/users/${account.id}`, adminToken, {
      roles: ['user', 'editor'],
    });
    expect(granted.status).toBe(200);
    const refused = await refresh(session.refresh_token);

    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_REFRESH_TOKEN_INVALID');
  });

  it('gives the user only an enrolment token at the next login', async () => {
    const { account } = await plainUser(sut);
    await api(sut, 'PATCH', `/users/${account.id}`, adminToken, { roles: ['editor'] });

    const login = await api(sut, 'POST', '/auth/login', undefined, {
      username: account.username,
      password: account.password,
    });
    const body = (await login.json()) as Record<string, unknown>;

    expect(login.status).toBe(200);
    expect(body).toMatchObject({ mfa_enrolment_required: true, token_type: 'Bearer' });
    expect(body).not.toHaveProperty('refresh_token');
    const claims = claimsOf(body.access_token as string);
    expect(claims).toMatchObject({ aud: 'urn:warden:mfa-enrolment', roles: [], permissions: [] });
    expect((await api(sut, 'GET', '/auth/me', body.access_token as string)).status).toBe(401);
    expect((await api(sut, 'POST', '/auth/mfa/totp', body.access_token as string)).status).toBe(
      200,
    );
  });

  it('leaves the sessions of users without such a role alone', async () => {
    const { session } = await plainUser(sut);

    const refreshed = await refresh(session.refresh_token);

    expect(refreshed.status).toBe(200);
  });
});
