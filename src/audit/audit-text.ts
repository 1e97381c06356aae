/** The most code points of request-supplied free text (User-Agent, login names) kept in a row. */
export const MAX_AUDIT_TEXT = 512;

/** An IP address in text is at most 45 characters (IPv6 with embedded IPv4); a zone adds some. */
export const MAX_AUDIT_IP = 64;

/**
 * The first `max` code points of `text`. Cuts between code points, never inside a surrogate
 * pair, so the result is always well-formed UTF-16 (and storable as UTF-8).
 */
export function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (let kept = 0; kept < max && end < text.length; kept++) {
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  }
  return text.slice(0, end);
}

/**
 * `value` with every string in it, at any depth of plain arrays and objects, cut to `max` code
 * points. Audit details are small structures built by the service, so recursion is bounded by
 * their shape, not by a client.
 */
export function capStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return truncateCodePoints(value, max);
  if (Array.isArray(value)) return value.map((item) => capStrings(item, max));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, capStrings(item, max)]),
    );
  }
  return value;
}
