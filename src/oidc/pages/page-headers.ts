// `URL.origin` keeps characters such as `;`, `,` and `'` in a host, which would end or extend
// the policy; only plain host names, IP literals and a port may enter it.
const SAFE_ORIGIN =
  /^https?:\/\/(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * The headers of every hosted page. The policy allows no script at all, and `form-action` lists,
 * besides 'self', the origins the form's post may redirect to: Chromium checks `form-action`
 * against each redirect that follows a form submission, so the client's redirect_uri origin
 * must be there or the 303 back to the client is blocked.
 */
export function pageHeaders(formTargets: readonly string[]): Record<string, string> {
  const formAction = ["'self'", ...formOrigins(formTargets)].join(' ');
  const policy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ];
  return {
    'Content-Type': 'text/html; charset=utf-8',
    // The pages carry CSRF tokens and a login in progress: no cache may keep them.
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    // Both: X-Frame-Options for browsers that predate frame-ancestors (clickjacking the login).
    'X-Frame-Options': 'DENY',
    // The URL holds the authorization request (state, PKCE challenge): keep it off other sites.
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': policy.join('; '),
  };
}

/** The distinct, well-formed http(s) origins of the targets; anything else is left out. */
function formOrigins(targets: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const target of targets) {
    const origin = originOf(target);
    if (origin !== undefined) origins.add(origin);
  }
  return [...origins];
}

function originOf(target: string): string | undefined {
  if (!URL.canParse(target)) return undefined;
  const origin = new URL(target).origin;
  return SAFE_ORIGIN.test(origin) ? origin : undefined;
}
