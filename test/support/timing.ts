import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` every 50 ms until it holds and returns the milliseconds that took; throws once
 * `deadlineMs` has passed. For the bounds a test states, such as "refused by every replica
 * within KEY_RELOAD_INTERVAL" (docs/architecture.md §8).
 */
export async function within(deadlineMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > deadlineMs) throw new Error(`not within ${deadlineMs} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

/**
 * Retries the assertion `check` every 25 ms until it passes; after `timeoutMs` its last failure
 * is the test's. For effects that arrive asynchronously: a NOTIFY, a request a proxy holds.
 */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}
