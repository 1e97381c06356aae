import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from './test-app';

export interface Replicas {
  apps: TestApp[];
  close: () => Promise<void>;
}

/**
 * `count` replicas of the service on one fresh database, sharing a key encryption key. The
 * first owns (and drops) the database, so it closes last.
 */
export async function startReplicas(
  count: number,
  env: Record<string, string> = {},
): Promise<Replicas> {
  const shared = { KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...env };
  const first = await createTestApp(shared);
  const apps = [first];
  for (let i = 1; i < count; i++) {
    apps.push(await createTestApp(shared, { databaseUrl: first.databaseUrl }));
  }
  return {
    apps,
    close: async () => {
      for (const app of [...apps].reverse()) await app.close();
    },
  };
}
