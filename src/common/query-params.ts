/**
 * Query-string conversions for DTOs. Query values arrive as strings (or arrays, when a name is
 * repeated); each function converts only a well-formed value and hands anything else back as it
 * came, so the class-validator rule that follows rejects it with a 400 instead of guessing.
 */

const DECIMAL_INTEGER = /^-?\d{1,16}$/;

/** `"20"` -> 20, `"-1"` -> -1; `"1.5"`, `"1e3"`, `""` and `["1", "2"]` are left as they are. */
export function integerParam(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value;
}

/** `"true"` -> true, `"false"` -> false; anything else (`"1"`, `"yes"`) is left as it is. */
export function booleanParam(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** An integer above `max` becomes `max`; anything else is left for the validators. */
export function capped(value: unknown, max: number): unknown {
  return typeof value === 'number' && Number.isInteger(value) && value > max ? max : value;
}
