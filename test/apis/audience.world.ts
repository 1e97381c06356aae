import { registeredAccount } from '../tokens/session.fixtures';
import {
  createClient,
  createOAuthTestApp,
  OAuthClient,
  OAuthTestApp,
} from '../oauth/oauth.fixtures';
import { AudienceData } from './audience.fixtures';

export const BILLING = 'https://billing.example.test';
export const REPORTS = 'https://reports.example.test';

export interface AudienceWorld {
  sut: OAuthTestApp;
  data: AudienceData;
  user: Awaited<ReturnType<typeof registeredAccount>>;
  /** A service client allowed BILLING and `users-only`, with attributes. */
  service: OAuthClient;
  /** A password-grant client allowed BILLING. */
  app: OAuthClient;
  close: () => Promise<void>;
}

/**
 * The service with three APIs (BILLING: two permissions, 600 s, maps `tenant_id`; REPORTS: one
 * permission, 120 s; `users-only`: access tokens only), a user holding permissions of both and a
 * `tenant_id` attribute, and two clients.
 */
export async function audienceWorld(): Promise<AudienceWorld> {
  const sut = await createOAuthTestApp();
  const data = await AudienceData.open(sut);
  await data.addApi({
    identifier: BILLING,
    name: 'Billing',
    permissions: ['billing:read', 'billing:write'],
    access_token_ttl: 600,
    claims: ['tenant_id'],
  });
  await data.addApi({ identifier: REPORTS, permissions: ['reports:read'], access_token_ttl: 120 });
  await data.addApi({ identifier: 'users-only', allowed_token_uses: ['access'] });
  const user = await registeredAccount(sut);
  await data.setUser(user.id, {
    permissions: ['billing:read', 'reports:read', 'reports:write'],
    attributes: { tenant_id: 'acme', secret_note: 'not for tokens' },
  });
  const service = await createClient(sut, {
    name: 'billing-worker',
    permissions: ['billing:write', 'reports:read', 'users:read'],
  });
  await data.allowAudiences(service.client_id, [BILLING, 'users-only']);
  await data.setClientAttributes(service.client_id, { tenant_id: 'acme-ops' });
  const app = await createClient(sut, { name: 'app', grant_types: ['password', 'refresh_token'] });
  await data.allowAudiences(app.client_id, [BILLING]);
  return {
    sut,
    data,
    user,
    service,
    app,
    close: async () => {
      await data.close();
      await sut.close();
    },
  };
}
