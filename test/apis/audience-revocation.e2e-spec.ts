import { randomBytes } from 'node:crypto';
import { FakeClock } from '../../src/common/fake-clock';
import {
  claimsOf,
  createClient,
  createOAuthTestApp,
  introspect,
  OAuthClient,
  OAuthTestApp,
  postJson,
} from '../oauth/oauth.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { registeredAccount, SESSION_ENV } from '../tokens/session.fixtures';
import { AudienceData } from './audience.fixtures';

const BILLING = 'https://billing.example.test';
/** Longer than ACCESS_TOKEN_TTL (900 s), the longest lifetime before APIs could set their own. */
const BILLING_TTL = 7200;

/**
 * A "log out everywhere" must outlive every token it covers, also those of an API whose lifetime
 * is longer than the service's defaults, and also on a replica that starts after it and knows it
 * only from the database: such a replica loads the cut-offs of the last API_TOKEN_TTL_MAX
 * seconds, not of the last ACCESS_TOKEN_TTL.
 */
describe('revocations of long-lived API tokens survive on a replica started later', () => {
  const clock = new FakeClock(Date.UTC(2026, 8, 1, 9, 0, 0));
  const env = { KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  let first: OAuthTestApp;
  let later: TestApp | undefined;
  let data: AudienceData;
  let observer: OAuthClient;

  async function billingToken(): Promise<{ userId: string; token: string }> {
    const who = await registeredAccount(first);
    const response = await postJson(first, '/auth/login', {
      username: who.username,
      password: who.password,
      audience: BILLING,
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    return { userId: who.id, token };
  }

  beforeAll(async () => {
    first = await createOAuthTestApp(env, clock);
    data = await AudienceData.open(first);
    await data.addApi({ identifier: BILLING, access_token_ttl: BILLING_TTL });
    observer = await createClient(first, { name: 'observer' });
  });
  afterAll(async () => {
    await data.close();
    await later?.close();
    await first.close();
  });

  it('refuses the revoked token there until it expires, and accepts an untouched one', async () => {
    const revoked = await billingToken();
    const untouched = await billingToken();
    expect((claimsOf(revoked.token).exp as number) - (claimsOf(revoked.token).iat as number)).toBe(
      BILLING_TTL,
    );
    const response = await first.request(`/users/${revoked.userId}/revoke-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.adminToken}` },
    });
    expect(response.status).toBe(204);

    // Well past every default lifetime, well before the billing tokens expire.
    clock.advance(3 * 900);
    later = await createTestApp(
      { ...SESSION_ENV, ...env, JWT_ISSUER: first.config.jwt.issuer },
      { clock, databaseUrl: first.databaseUrl },
    );

    expect(await introspect(later, observer, revoked.token)).toEqual({ active: false });
    expect(await introspect(later, observer, untouched.token)).toMatchObject({
      active: true,
      aud: BILLING,
    });
  });
});
