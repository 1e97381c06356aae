import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

export interface ScaleDatabase {
  url: string;
  stop: () => Promise<void>;
}

/**
 * One embedded PostgreSQL server (the service's own, same version and settings) in a temporary
 * directory, shared by every Warden process of the scale benchmark through DATABASE_URL: the
 * database outlives a Warden restart and is seeded from outside, as replicas share one in
 * production. `stop` removes the directory with the cluster in it.
 */
export async function startScaleDatabase(): Promise<ScaleDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-bench-scale-'));
  // The server runs as the unprivileged postgres user when we are root: it must reach its dir.
  await chmod(dir, 0o755);
  let database: EmbeddedDatabase;
  try {
    database = await EmbeddedDatabase.start(join(dir, 'pg'), {
      log: () => undefined,
      warn: (message: string) => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    throw error;
  }
  return {
    url: database.url,
    stop: async () => {
      try {
        await database.stop();
      } finally {
        await rm(dir, { recursive: true, force: true, maxRetries: 5 });
      }
    },
  };
}
