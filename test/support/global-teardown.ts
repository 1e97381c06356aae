import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__WARDEN_TEST_DB__?.stop();
  if (globalThis.__WARDEN_TEST_DIR__) {
    await rm(globalThis.__WARDEN_TEST_DIR__, { recursive: true, force: true, maxRetries: 5 });
  }
}
