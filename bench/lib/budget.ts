/**
 * `--quick` (or BENCH_QUICK=1): two short runs per figure instead of the full budget, to check
 * that a benchmark still works. Its figures are smoke figures, not results to keep.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** How many measured runs a figure gets. */
export function runCount(full: number): number {
  return QUICK ? 2 : full;
}

/** How long one measured run lasts, in milliseconds. */
export function runMs(full: number): number {
  return QUICK ? Math.min(full, 1000) : full;
}
