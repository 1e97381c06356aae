import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN, createOAuthTestApp, OAuthTestApp } from '../oauth/oauth.fixtures';
import { SESSION_ENV } from '../tokens/session.fixtures';
import { freePort } from './ports';
import { createTestApp, TestApp } from './test-app';

export interface TwoReplicas {
  /** The first replica, with an administrator's token. */
  a: OAuthTestApp;
  b: TestApp;
  /** A plain connection to their database, for changes made in SQL. */
  db: Client;
  close: () => Promise<void>;
}

/**
 * Two replicas on one database with the same key encryption key and administrator, and a
 * KEY_RELOAD_INTERVAL of 300 s, so that what one replica learns from the other within a test
 * can only have come by NOTIFY, not by the periodic backstop.
 */
export async function startTwoReplicas(): Promise<TwoReplicas> {
  const env = {
    KEY_RELOAD_INTERVAL: '300',
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const a = await createOAuthTestApp(env);
  const port = await freePort();
  const b = await createTestApp(
    {
      ...SESSION_ENV,
      ...env,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_ISSUER: `http://127.0.0.1:${port}`,
    },
    { databaseUrl: a.databaseUrl, port },
  );
  const db = new Client({ connectionString: a.databaseUrl });
  await db.connect();
  return {
    a,
    b,
    db,
    close: async () => {
      await db.end();
      await b.close();
      await a.close();
    },
  };
}
