/** A parsed `application/x-www-form-urlencoded` body: a repeated name keeps every value. */
export type FormBody = Record<string, string | string[]>;

/**
 * Parses a form body (WHATWG URLSearchParams: `+` is a space, percent-escapes decoded). A name
 * sent more than once becomes an array, so validation refuses it where one value is expected
 * (RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once").
 * Members are defined as own data properties, so `__proto__` is just a name.
 */
export function parseFormBody(text: string): FormBody {
  const body: FormBody = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = Object.hasOwn(body, name) ? body[name] : undefined;
    const next =
      previous === undefined
        ? value
        : [...(Array.isArray(previous) ? previous : [previous]), value];
    Object.defineProperty(body, name, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return body;
}
