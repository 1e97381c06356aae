// The real Warden the installed app trusts: started in-process on a real PostgreSQL
// (test/support/test-app.ts), with the accounts the app's routes tell apart, tokens minted through
// its HTTP API, and key rotations through its admin API.
import { ADMIN, ADMIN_ENV, api, claimsOf } from '../admin/admin.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import type { AccountFixture } from '../users/users.factory';

export interface WardenIssuer {
  warden: TestApp;
  /** What the app's env vars must say to trust this Warden (see the README's app.module.ts). */
  appEnv: Record<string, string>;
  /** Holds the `admin` role (and every administrative permission). */
  admin: AccountFixture;
  /** A user holding the `reports:read` permission. */
  reader: AccountFixture & { id: string };
  /** A user with neither the `admin` role nor `reports:read`. */
  plain: AccountFixture & { id: string };
  /** A fresh access token, signed by Warden's active key of the moment. */
  tokenOf: (who: AccountFixture) => Promise<string>;
  /** The kids Warden publishes now. */
  publishedKids: () => Promise<string[]>;
  /** POST /keys/rotate as the administrator. */
  rotateKeys: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startWardenIssuer(): Promise<WardenIssuer> {
  const warden = await createTestApp({ ...ADMIN_ENV });
  const tokenOf = async (who: AccountFixture): Promise<string> =>
    (await loginOk(warden, who)).access_token;
  const adminToken = await tokenOf(ADMIN);
  const reader = await registeredAccount(warden);
  const granted = await api(warden, 'PATCH', `/users/${reader.id}`, adminToken, {
    permissions: ['reports:read'],
  });
  if (granted.status !== 200) throw new Error(`PATCH /users: ${granted.status}`);
  return {
    warden,
    appEnv: {
      WARDEN_ISSUER: warden.config.jwt.issuer,
      WARDEN_AUDIENCE: warden.config.jwt.audience,
      WARDEN_JWKS_URI: `${warden.baseUrl}/.well-known/jwks.json`,
    },
    admin: ADMIN,
    reader,
    plain: await registeredAccount(warden),
    tokenOf,
    publishedKids: async () => {
      const jwks = (await (await warden.request('/.well-known/jwks.json')).json()) as {
        keys: { kid: string }[];
      };
      return jwks.keys.map((key) => key.kid);
    },
    rotateKeys: async () => {
      const rotated = await api(warden, 'POST', '/keys/rotate', await tokenOf(ADMIN), {});
      if (rotated.status !== 200) throw new Error(`POST /keys/rotate: ${rotated.status}`);
    },
    close: () => warden.close(),
  };
}

/** The `kid` a token's header names. */
export function kidOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as {
    kid: string;
  };
  return header.kid;
}

/** The `sub` of a token (read, not verified: Warden just issued it). */
export function subOf(token: string): string {
  return claimsOf(token).sub as string;
}
