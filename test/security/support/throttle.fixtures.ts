import { basic } from '../../oauth/oauth.fixtures';
import type { TestApp } from '../../support/test-app';

const NOBODY = basic({ client_id: 'nobody', client_secret: 'wrong' });

/**
 * A token request from an unknown client: a throttled route that touches no account, 401 while
 * the address is under its limit, then 429.
 */
export async function badClientToken(app: TestApp): Promise<{ status: number; headers: Headers }> {
  const response = await app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...NOBODY },
    body: 'grant_type=client_credentials',
  });
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
}
