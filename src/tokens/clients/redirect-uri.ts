/**
 * The rules of the URIs and origins a client registers (redirect URIs, post-logout redirect
 * URIs, allowed origins). They are matched as exact strings when used (RFC 9700 §4.1.3: no
 * pattern, no wildcard, no normalisation), so what is registered must be what a browser sends.
 * Each function returns why a value is refused, as the end of a sentence naming it, or
 * undefined when it is fine.
 */

/** How many URIs, or origins, one list may hold. */
export const MAX_CLIENT_URIS = 20;
/** The longest URI or origin; browsers and proxies cope with URLs of this length. */
export const MAX_CLIENT_URI_LENGTH = 2000;

/** RFC 8252 §7.3 and §8.3: the loopback hosts where plain http is acceptable. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** RFC 3986 URIs are printable ASCII; anything else (spaces included) would be re-encoded. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
/** `scheme://authority`, the authority up to the path, query or fragment. */
const SCHEME_AND_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]+)/;

const HTTPS_RULE = 'must use https (http only on localhost, 127.0.0.1 or [::1])';

/**
 * A redirect URI (RFC 6749 §3.1.2; RFC 9700 §2.1 and §4.1): absolute, https or http on a
 * loopback host, no fragment, no user information, no wildcard.
 *
 * @example
 * ```ts
 * redirectUriProblem('https://app.example.com/callback'); // undefined
 * redirectUriProblem('https://app.example.com/cb#x'); // 'must not have a fragment (#)'
 * ```
 */
export function redirectUriProblem(uri: string): string | undefined {
  const problem = commonProblem(uri);
  if (problem !== undefined) return problem;
  // RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component."
  if (uri.includes('#')) return 'must not have a fragment (#)';
  const parsed = parseHttpUri(uri);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * A browser origin (RFC 6454 §6.2, as the `Origin` header carries it): `scheme://host[:port]`,
 * lower case, no default port, no path (not even `/`), https or http on a loopback host.
 *
 * @example
 * ```ts
 * originProblem('https://app.example.com'); // undefined
 * originProblem('https://app.example.com/'); // 'must be an origin, scheme://host[:port] ...'
 * ```
 */
export function originProblem(origin: string): string | undefined {
  const problem = commonProblem(origin);
  if (problem !== undefined) return problem;
  const parsed = parseHttpUri(origin);
  if (typeof parsed === 'string') return parsed;
  if (parsed.origin === origin) return undefined;
  const authority = SCHEME_AND_AUTHORITY.exec(origin)?.[0];
  if (authority !== origin) {
    return 'must be an origin, scheme://host[:port], without path, query or trailing slash';
  }
  return `must be written as browsers send it: ${JSON.stringify(parsed.origin)}`;
}

/** True for the hosts of LOOPBACK_HOSTS, as URL parsing writes them (lower case). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname);
}

/** The checks shared by URIs and origins, made on the string itself. */
function commonProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_CLIENT_URI_LENGTH) {
    return `must be at most ${MAX_CLIENT_URI_LENGTH} characters long`;
  }
  if (!PRINTABLE_ASCII.test(value)) {
    return 'must be printable ASCII without spaces (percent-encode the rest, punycode for hosts)';
  }
  if (value.includes('*')) return 'must not contain a wildcard (*): it is matched exactly';
  return undefined;
}

/** The URL, or why it is no absolute http(s) URI acceptable for a client. */
function parseHttpUri(value: string): URL | string {
  const authority = SCHEME_AND_AUTHORITY.exec(value);
  if (!authority || !URL.canParse(value)) return 'must be an absolute URI (scheme://host/...)';
  // RFC 9700 §4.1.1 (and RFC 3986 §3.2.1's warning): credentials in a URI mislead users.
  if (authority[2].includes('@')) return 'must not contain user information (user@)';
  const url = new URL(value);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  return HTTPS_RULE;
}
