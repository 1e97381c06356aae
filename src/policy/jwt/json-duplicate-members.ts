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
  const seen = new Set<string>();
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const end = endOfString(text, index);
      if (depth === 1 && nextSignificant(text, end) === COLON) {
        const name = JSON.parse(text.slice(index, end)) as string;
        if (seen.has(name)) return true;
        seen.add(name);
      }
      index = end;
      continue;
    }
    if (char === OPEN_BRACE || char === OPEN_BRACKET) depth++;
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
    index++;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The index just past the string literal starting at `start` (an opening quote). */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === BACKSLASH) index += 2;
    else if (char === QUOTE) return index + 1;
    else index++;
  }
  return index;
}

function nextSignificant(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index])) index++;
  return text.charCodeAt(index);
}
