/**
 * closedLoop (./closed-loop.ts) that also times every request. autocannon reports latency in
 * whole milliseconds, too coarse for routes answering in about one (GET /auth/me), and cannot
 * express the refresh chain; this times each step with the high-resolution clock instead.
 */
export interface TimedLoopResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  completed: number;
  failures: number;
}

export async function timedLoop(
  workers: number,
  durationMs: number,
  step: (worker: number) => Promise<void>,
): Promise<TimedLoopResult> {
  const deadline = Date.now() + durationMs;
  const latencies: number[] = [];
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (Date.now() < deadline) {
        const begin = process.hrtime.bigint();
        try {
          await step(worker);
          latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    completed: latencies.length,
    failures,
  };
}

/** The nearest-rank percentile of sorted values; 0 for none. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
