import { Client } from 'pg';
import { ADMIN, ADMIN_ENV, adminLogin, api } from '../admin/admin.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { decode, flipSignatureBit } from './support/hostile-tokens';
import { login, loginOk, me, refresh, registeredAccount } from '../tokens/session.fixtures';

/**
 * docs/architecture.md §5 Operations: the Prometheus series, fed by the modules;
 * security events audited.
 */
describe('observability', () => {
  let sut: TestApp;
  let metrics: string;
  let kid: string;

  beforeAll(async () => {
    sut = await createTestApp({ ...ADMIN_ENV, LOGIN_MAX_ATTEMPTS: '2', REFRESH_REUSE_GRACE: '0' });
    const who = await registeredAccount(sut);
    const pair = await loginOk(sut, who);
    kid = String(decode(pair.access_token).header.kid);
    await me(sut, pair.access_token);
    await me(sut, flipSignatureBit(pair.access_token));
    await me(sut, 'not-a-jwt');
    await sut.request('/auth/me');
    await sut.request('/.well-known/jwks.json');
    const next = (await (await refresh(sut, pair.refresh_token)).json()) as {
      refresh_token: string;
    };
    await refresh(sut, pair.refresh_token); // reuse: the family is revoked
    expect(next.refresh_token).toBeDefined();
    // Two wrong passwords lock the account; the third attempt is refused as locked.
    for (let attempt = 0; attempt < 3; attempt++) {
      await login(sut, { username: who.username, password: 'wrong password entirely' });
    }
    const admin = await adminLogin(sut);
    expect((await api(sut, 'POST', '/keys/rotate', admin.access_token, {})).status).toBe(200);
    const keys = (await (await api(sut, 'GET', '/keys', admin.access_token)).json()) as Array<{
      kid: string;
      status: string;
    }>;
    const next2 = keys.find((key) => key.status === 'next');
    expect(
      (
        await api(sut, 'POST', `/keys/${next2?.kid}/revoke`, admin.access_token, {
          reason: 'drill',
        })
      ).status,
    ).toBe(200);
    metrics = await (await sut.request('/metrics')).text();
  });
  afterAll(() => sut.close());

  it.each([
    'warden_tokens_issued_total{token_use="access"}',
    'warden_tokens_issued_total{token_use="refresh"}',
    'warden_logins_total{outcome="succeeded"}',
    'warden_logins_total{outcome="failed"}',
    'warden_logins_total{outcome="locked"}',
    'warden_token_verifications_total{kid="KID",outcome="valid"}',
    'warden_token_verifications_total{kid="unknown",outcome="malformed"}',
    'warden_token_verifications_total{kid="unknown",outcome="missing"}',
    'warden_token_verifications_total{kid="KID",outcome="invalid"}',
    'warden_key_rotations_total',
    'warden_jwks_requests_total',
    'warden_kid_misses_total',
    'warden_http_request_duration_seconds_bucket',
    'warden_process_resident_memory_bytes',
  ])('exposes %s', (series) => {
    const name = series.replace('KID', kid);
    const line = metrics.split('\n').find((candidate) => candidate.startsWith(name));
    expect(line).toBeDefined();
  });

  it('counts what happened, not just the names', () => {
    const value = (series: string): number =>
      Number(
        metrics
          .split('\n')
          .find((line) => line.startsWith(`${series} `))
          ?.split(' ')[1],
      );
    expect(value('warden_key_rotations_total')).toBe(1);
    expect(value('warden_jwks_requests_total')).toBe(1);
    expect(value('warden_logins_total{outcome="locked"}')).toBeGreaterThanOrEqual(1);
    expect(value('warden_tokens_issued_total{token_use="access"}')).toBeGreaterThanOrEqual(3);
  });

  it('records the security events in audit_events, without secrets', async () => {
    const client = new Client({ connectionString: sut.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ type: string; details: unknown }>(
        'SELECT type, details FROM audit_events',
      );
      const types = new Set(rows.map((row) => row.type));
      for (const type of [
        'login.failed',
        'login.locked',
        'login.succeeded',
        'token.reuse_detected',
        'key.rotated',
        'key.revoked',
      ]) {
        expect(types).toContain(type);
      }
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain('wrong password entirely');
      expect(dump).not.toContain(ADMIN.password);
    } finally {
      await client.end();
    }
  });
});
