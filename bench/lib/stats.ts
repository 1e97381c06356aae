/** A figure measured several times: its median, and the spread as min..max. */
export interface Sample {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function sample(runs: number[]): Sample {
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

/** The spread as a percentage of the median, e.g. "±3.1%". */
export function spread(value: Sample): string {
  if (value.median === 0) return '±0%';
  const half = ((value.max - value.min) / 2 / value.median) * 100;
  return `±${half.toFixed(1)}%`;
}

export function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Ratio of two medians, with the spread of the ratio from the extremes of both runs. */
export function ratio(numerator: Sample, denominator: Sample): Sample {
  const runs = numerator.runs.map(
    (value, i) => value / (denominator.runs[i] ?? denominator.median),
  );
  return sample(runs);
}
