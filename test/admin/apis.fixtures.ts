import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { ADMIN_ENV, AdminSession, adminSession } from './admin.fixtures';

/** API_TOKEN_TTL_MAX of the apps these tests boot: below the default, to prove it is read. */
export const TTL_MAX = 7200;
/** JWT_AUDIENCE by default: the built-in API. */
export const AUDIENCE = 'warden';
export const BILLING = 'https://billing.example.com';

/** An API as the `/apis` routes answer it. */
export interface ApiBody {
  identifier: string;
  name: string;
  permissions: string[] | null;
  access_token_ttl: number | null;
  allowed_token_uses: string[];
  claims: string[];
  built_in: boolean;
  created_at: string | null;
  updated_at: string | null;
}

export interface ApiPage {
  items: ApiBody[];
  total: number;
  offset: number;
  limit: number;
}

/** `/apis/:identifier` with the identifier percent-encoded, as a client must send it. */
export const at = (identifier: string): string => `/apis/${encodeURIComponent(identifier)}`;

export interface ApisTestApp {
  sut: TestApp;
  admin: AdminSession;
  /** POST /apis as the administrator; throws unless 201. */
  created: (body: Record<string, unknown>) => Promise<ApiBody>;
  /** A new user holding exactly `permissions` (and the `user` role), logged in. */
  tokenWith: (permissions: string[]) => Promise<string>;
}

/** The service with a bootstrapped administrator and API_TOKEN_TTL_MAX = TTL_MAX. */
export async function createApisTestApp(): Promise<ApisTestApp> {
  const sut = await createTestApp({ ...ADMIN_ENV, API_TOKEN_TTL_MAX: String(TTL_MAX) });
  const admin = await adminSession(sut);
  return {
    sut,
    admin,
    created: async (body) => {
      const response = await admin.call('POST', '/apis', body);
      if (response.status !== 201) throw new Error(`POST /apis: ${await response.text()}`);
      return (await response.json()) as ApiBody;
    },
    tokenWith: async (permissions) => {
      const account = await registeredAccount(sut);
      const patched = await admin.call('PATCH', `/users/${account.id}`, { permissions });
      if (patched.status !== 200) throw new Error(`PATCH /users: ${patched.status}`);
      return (await loginOk(sut, account)).access_token;
    },
  };
}
