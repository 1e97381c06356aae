import { join } from 'node:path';
import { consumerBenchmark } from './consumer.bench';
import { cryptoLimitBenchmark } from './crypto-limit.bench';
import { grantsBenchmark } from './grants.bench';
import { guardOverheadBenchmark } from './guard-overhead.bench';
import { loginBenchmark } from './login.bench';
import { memoryBenchmark } from './memory.bench';
import { stopAll } from './lib/processes';
import { Report, writeReport } from './lib/results';
import { wardenVerifiers } from './warden-verifier';

/** `npm run bench` runs them all; `npm run bench -- <name> [...]` runs the named ones. */
const BENCHMARKS: Record<string, (report: Report) => Promise<void>> = {
  'crypto-limit': (report) => cryptoLimitBenchmark(report, wardenVerifiers),
  'guard-overhead': guardOverheadBenchmark,
  login: loginBenchmark,
  grants: grantsBenchmark,
  consumer: consumerBenchmark,
  memory: memoryBenchmark,
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
    );
  }
  const selected = requested.length > 0 ? requested : Object.keys(BENCHMARKS);
  const report: Report = { figures: [], notes: [] };
  const startedAt = new Date();
  for (const name of selected) {
    const started = Date.now();
    process.stdout.write(`[bench] ${name}: running...\n`);
    await BENCHMARKS[name](report);
    process.stdout.write(
      `[bench] ${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
  const out = join(__dirname, '..', '..', 'bench', 'RESULTS.md');
  writeReport(out, report, startedAt, (Date.now() - startedAt.getTime()) / 1000);
  process.stdout.write(`[bench] wrote ${out}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => stopAll());
