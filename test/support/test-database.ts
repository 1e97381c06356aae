import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The cluster started by global-setup.ts (or an external server given for the run). */
export function clusterUrl(): string {
  const url = process.env.WARDEN_TEST_DATABASE_URL;
  if (!url) throw new Error('WARDEN_TEST_DATABASE_URL is unset: run the e2e tests through jest');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty database for one test file; drop it when the file is done. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `warden_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(clusterUrl(), name),
    drop: () =>
      withAdminClient((client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: clusterUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
