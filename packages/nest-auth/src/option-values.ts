/**
 * Predicates for option values that may come from untyped configuration (forRootAsync factories,
 * environment variables): each takes `unknown`, so a wrong type is a problem, never a crash.
 */

export function toList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** A non-empty string, or a non-empty list of them (issuer, audience, thumbprints). */
export function isNameList(value: unknown): boolean {
  const list = toList(value);
  return list.length > 0 && list.every(isNonEmpty);
}

export function isNonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

export function isPositiveInteger(value: unknown): boolean {
  return isIntegerIn(value, 1, Number.MAX_SAFE_INTEGER);
}

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
