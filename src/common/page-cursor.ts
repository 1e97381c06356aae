import { RequestValidationError } from './errors/validation.errors';

/**
 * The sort key of the last item of a page (`GET /users`, `GET /audit`): its timestamp as
 * PostgreSQL stores it (UTC, microseconds: `2026-01-01T10:00:00.123456Z`) and its id, the tie
 * breaker. Microseconds, not a JavaScript Date: a key rounded to milliseconds would skip or
 * repeat rows written within the same millisecond.
 */
export interface PageCursor {
  at: string;
  id: string;
}

/** What PageCursor.at looks like; SORT_KEY_TIME_FORMAT writes exactly this. */
const SORT_KEY_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/**
 * The `to_char` format giving PageCursor.at from `<column> AT TIME ZONE 'UTC'`; passed as a
 * query parameter (its colons would read as named parameters in a TypeORM query).
 */
export const SORT_KEY_TIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';

/** Far more than any cursor this service writes; a longer `after` is not decoded at all. */
export const MAX_CURSOR_LENGTH = 200;

const CURSOR_TEXT = /^[A-Za-z0-9_-]+$/;

/** The field message of a cursor that does not decode into a key of the list. */
export const BAD_CURSOR_MESSAGE = 'after must be the next_cursor of a previous page of this list';

/**
 * `after` of the next page: base64url of the JSON array `[at, id]`. Opaque to clients; only
 * decodePageCursor reads it.
 *
 * @example encodePageCursor({ at: '2026-01-01T10:00:00.000000Z', id: '1042' })
 */
export function encodePageCursor({ at, id }: PageCursor): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

/**
 * The key a cursor names, or undefined when it is not one this service could have written for
 * the list whose ids `isId` accepts: not base64url, not a two-string JSON array, a time that is
 * not a real UTC instant, or an id of the wrong shape. Nothing undefined reaches SQL, so a
 * tampered cursor is a 400, never a database error.
 */
export function decodePageCursor(
  cursor: string,
  isId: (id: string) => boolean,
): PageCursor | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_TEXT.test(cursor)) return undefined;
  const key = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Array.isArray(key) || key.length !== 2) return undefined;
  const [at, id] = key as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string') return undefined;
  if (!isSortKeyTime(at) || !isId(id)) return undefined;
  return { at, id };
}

/** decodePageCursor, or 400 `ERR_VALIDATION` on the `after` field. */
export function pageCursorOrThrow(cursor: string, isId: (id: string) => boolean): PageCursor {
  const key = decodePageCursor(cursor, isId);
  if (!key) throw new RequestValidationError([{ field: 'after', message: BAD_CURSOR_MESSAGE }]);
  return key;
}

/**
 * The items of a page read with one row more than `limit`, and the cursor of the next page:
 * null when that extra row is absent, which is how the last page is told apart without a count.
 */
export function keysetPage<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => PageCursor,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const more = rows.length > limit && last !== undefined;
  return { items, nextCursor: more ? encodePageCursor(keyOf(last)) : null };
}

/** A UTC instant from year 1 to 9999 whose calendar fields exist (no 30 February). */
function isSortKeyTime(text: string): boolean {
  const fields = SORT_KEY_TIME.exec(text);
  if (!fields) return false;
  const [year, month, day, hour, minute, second] = fields.slice(1).map(Number);
  if (year < 1) return false;
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, 0);
  return (
    instant.getUTCFullYear() === year &&
    instant.getUTCMonth() === month - 1 &&
    instant.getUTCDate() === day &&
    instant.getUTCHours() === hour &&
    instant.getUTCMinutes() === minute &&
    instant.getUTCSeconds() === second
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
