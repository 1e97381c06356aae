import { endOfString } from './json-duplicate-members';

/**
 * Whether the JSON text `text` nests arrays and objects deeper than `maxDepth` levels
 * (`{}` and `[]` are depth 1, `[[]]` depth 2). One linear pass over the raw text, counting `[`
 * and `{` outside string literals (a backslash escapes the next character), so a hostile body
 * is refused before JSON.parse and everything recursive behind it (validation, transformation)
 * ever see it. It does not validate: text that is not JSON gets some answer, never a throw.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      index = endOfString(text, index);
      continue;
    }
    if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    }
    index++;
  }
  return false;
}

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
