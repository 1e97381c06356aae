/**
 * What an API may be called: the `aud` of its tokens and the `resource` (RFC 8707 §2) or
 * `audience` (RFC 8693 §2.1) a client asks for. RFC 8707 §2 wants an absolute URI without a
 * fragment; RFC 8693 also allows a logical name, which many deployments use.
 */
export const MAX_API_IDENTIFIER_LENGTH = 200;

/** A logical name: what a permission name may be, up to the identifier's length. */
export const API_NAME_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * The characters RFC 3986 §2 allows in a URI, less `#` (no fragment): whitespace, control
 * characters and non-ASCII would make two identifiers look alike in a token or a log line.
 */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?[\]@!$&'()*+,;=%]+$/;
const BROKEN_PERCENT_ENCODING = /%(?![0-9A-Fa-f]{2})/;
/** RFC 8141 §2: `urn:<NID>:<NSS>`, the NSS starting with a pchar. */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:[^/?].*$/;
/** RFC 3986 §3.2: `//` and a non-empty authority (`http:///x` is not an absolute URI). */
const WEB_URI = /^https?:\/\/[^/?]/;

export const API_IDENTIFIER_RULE =
  `1 to ${MAX_API_IDENTIFIER_LENGTH} characters: an absolute http(s) or urn URI without a ` +
  'fragment, or a name of A-Z a-z 0-9 . _ : - starting with a letter or digit';

/** True when `value` may identify an API. */
export function isApiIdentifier(value: string): boolean {
  if (value.length === 0 || value.length > MAX_API_IDENTIFIER_LENGTH) return false;
  if (API_NAME_IDENTIFIER.test(value)) return true;
  if (!URI_CHARACTERS.test(value) || BROKEN_PERCENT_ENCODING.test(value)) return false;
  if (value.startsWith('urn:')) return URN.test(value);
  return WEB_URI.test(value) && hasHost(value);
}

function hasHost(value: string): boolean {
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}
