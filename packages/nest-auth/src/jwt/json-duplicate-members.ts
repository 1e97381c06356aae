/**
 * Whether the top-level JSON object in `text` names a member twice. RFC 7515 §4 lets a JWS
 * parser either reject duplicate header names or keep the last one; keeping the last one means
 * two parsers can read one header differently (`{"alg":"none",…,"alg":"RS256"}`), so Warden
 * rejects them (RFC 8725 §2.8). Names are compared after unescaping, so `"\u0061lg"` is `alg`.
 *
 * `text` must already be valid JSON (JSON.parse succeeded): the scan only tracks strings and
 * nesting depth, it does not validate.
 */
export function hasDuplicateMembers(text: string): boolean {
  return firstDuplicateMember(text) !== undefined;
}

export interface DuplicateMemberOptions {
  /** Also look inside nested objects (default: the top-level object only). */
  nested?: boolean;
}

/**
 * The first member name that an object in `text` repeats, or undefined. One linear pass with an
 * explicit stack (no recursion), so it is safe on any text JSON.parse accepted; the same
 * preconditions as hasDuplicateMembers.
 */
export function firstDuplicateMember(
  text: string,
  { nested = false }: DuplicateMemberOptions = {},
): string | undefined {
  // One entry per open container: the names seen so far in an object, null for an array.
  const open: Array<Set<string> | null> = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const end = endOfString(text, index);
      const names = open.at(-1);
      const counted = nested || open.length === 1;
      if (names && counted && nextSignificant(text, end) === COLON) {
        const name = memberName(text, index, end);
        if (names.has(name)) return name;
        names.add(name);
      }
      index = end;
      continue;
    }
    if (char === OPEN_BRACE) open.push(new Set());
    else if (char === OPEN_BRACKET) open.push(null);
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) open.pop();
    index++;
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The index just past the JSON string literal starting at `start` (an opening quote). */
export function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === BACKSLASH) index += 2;
    else if (char === QUOTE) return index + 1;
    else index++;
  }
  return index;
}

/** The unescaped name of the string literal text[start, end). */
function memberName(text: string, start: number, end: number): string {
  const literal = text.slice(start, end);
  return literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
}

function nextSignificant(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index])) index++;
  return text.charCodeAt(index);
}
