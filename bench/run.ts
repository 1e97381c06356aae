import { isAbsolute, join, resolve } from 'node:path';
import { consumerBenchmark } from './consumer.bench';
import { cryptoLimitBenchmark } from './crypto-limit.bench';
import { grantsBenchmark } from './grants.bench';
import { guardOverheadBenchmark } from './guard-overhead.bench';
import { loginBenchmark } from './login.bench';
import { memoryBenchmark } from './memory.bench';
import { scaleBenchmark } from './scale.bench';
import { stopAll } from './lib/processes';
import { Report, writeReport } from './lib/results';
import { wardenVerifiers } from './warden-verifier';

/**
 * `npm run bench` runs them all; `npm run bench -- <name> [...]` runs the named ones, in the
 * order given. Flags: `--quick` (two short runs per figure, a smoke test), `--out=<file>` (write
 * the report there instead of bench/RESULTS.md).
 */
const BENCHMARKS: Record<string, (report: Report) => Promise<void>> = {
  'crypto-limit': (report) => cryptoLimitBenchmark(report, wardenVerifiers),
  'guard-overhead': guardOverheadBenchmark,
  login: loginBenchmark,
  grants: grantsBenchmark,
  consumer: consumerBenchmark,
  memory: memoryBenchmark,
  // Last: its seeding takes a few minutes, and what it measures stands apart from the rest.
  scale: scaleBenchmark,
};

/** Shorter names for the same benchmarks. */
const ALIASES: Record<string, string> = { verifier: 'crypto-limit', guard: 'guard-overhead' };

function outputPath(flags: string[]): string {
  const out = flags.find((flag) => flag.startsWith('--out='))?.slice('--out='.length);
  if (!out) return join(__dirname, '..', '..', 'bench', 'RESULTS.md');
  return isAbsolute(out) ? out : resolve(process.cwd(), out);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = args.filter((arg) => arg.startsWith('--'));
  const requested = args
    .filter((arg) => !arg.startsWith('--'))
    .map((name) => ALIASES[name] ?? name);
  const unknownFlags = flags.filter((flag) => flag !== '--quick' && !flag.startsWith('--out='));
  const unknown = requested.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0 || unknownFlags.length > 0) {
    throw new Error(
      `Unknown benchmark(s) or flag(s): ${[...unknown, ...unknownFlags].join(', ')}; known: ${[...Object.keys(BENCHMARKS), ...Object.keys(ALIASES)].join(', ')}, --quick, --out=<file>`,
    );
  }
  const selected = requested.length > 0 ? [...new Set(requested)] : Object.keys(BENCHMARKS);
  const report: Report = { figures: [], notes: [], goals: {} };
  const startedAt = new Date();
  for (const name of selected) {
    const started = Date.now();
    process.stdout.write(`[bench] ${name}: running...\n`);
    await BENCHMARKS[name](report);
    process.stdout.write(
      `[bench] ${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
  const out = outputPath(flags);
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
