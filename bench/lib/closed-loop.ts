/**
 * A closed-loop load: `workers` clients each send their next request as soon as the previous one
 * answered (keep-alive, through fetch's connection pool). For flows autocannon cannot express,
 * like a refresh chain where every request needs the token the previous response returned.
 */
export async function closedLoop(
  workers: number,
  durationMs: number,
  step: (worker: number) => Promise<void>,
): Promise<{ perSecond: number; failures: number }> {
  const deadline = Date.now() + durationMs;
  let completed = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (Date.now() < deadline) {
        try {
          await step(worker);
          completed += 1;
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: completed / seconds, failures };
}
