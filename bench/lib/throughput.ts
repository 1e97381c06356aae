import { sample, Sample } from './stats';

/** Operations per second of a synchronous operation, on this one thread. */
export function opsPerSecondSync(operation: () => unknown, runs = 5, runMs = 1000): Sample {
  for (let i = 0; i < 200; i += 1) operation(); // warm-up: JIT and key caches
  const results: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let count = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(runMs) * 1_000_000n;
    let now = start;
    while (now < deadline) {
      for (let i = 0; i < 64; i += 1) operation();
      count += 64;
      now = process.hrtime.bigint();
    }
    results.push(count / (Number(now - start) / 1e9));
  }
  return sample(results);
}

/** Operations per second of an asynchronous operation awaited one after another. */
export async function opsPerSecondAsync(
  operation: () => Promise<unknown>,
  runs = 5,
  runMs = 1000,
): Promise<Sample> {
  for (let i = 0; i < 200; i += 1) await operation();
  const results: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let count = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(runMs) * 1_000_000n;
    let now = start;
    while (now < deadline) {
      for (let i = 0; i < 16; i += 1) await operation();
      count += 16;
      now = process.hrtime.bigint();
    }
    results.push(count / (Number(now - start) / 1e9));
  }
  return sample(results);
}
