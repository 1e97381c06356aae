import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

declare global {
  var __WARDEN_TEST_DB__: EmbeddedDatabase | undefined;
  var __WARDEN_TEST_DIR__: string | undefined;
  var __WARDEN_NATIVE_ESM__: boolean | undefined;
}

/**
 * One embedded PostgreSQL cluster per test run, on a free port and in its own temporary
 * directory, so parallel runs on one machine never collide. Each e2e file creates its own
 * database in it (test/support/test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.WARDEN_TEST_DATABASE_URL) return; // an external server was given
  // See esm-transformer.js: what loads while this is set stays ESM, as plain Node expects.
  globalThis.__WARDEN_NATIVE_ESM__ = true;
  try {
    const dir = await mkdtemp(join(tmpdir(), 'warden-test-'));
    // The server runs as the unprivileged postgres user when we are root: it must reach its dir.
    await chmod(dir, 0o755);
    const database = await EmbeddedDatabase.start(join(dir, 'pg'), {
      log: () => undefined,
      warn: (message: string) => process.stderr.write(`${message}\n`),
    });
    globalThis.__WARDEN_TEST_DB__ = database;
    globalThis.__WARDEN_TEST_DIR__ = dir;
    process.env.WARDEN_TEST_DATABASE_URL = database.url;
  } finally {
    globalThis.__WARDEN_NATIVE_ESM__ = false;
  }
}
