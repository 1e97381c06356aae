/**
 * The `WWW-Authenticate` challenge for each authentication error code (RFC 6750 §3). Kept free of
 * imports so both the service's error table and a library consumer's filter can use it.
 */
export const BEARER_REALM = 'warden';

const DESCRIPTIONS: Readonly<Record<string, { error: string; description: string }>> = {
  ERR_TOKEN_MALFORMED: { error: 'invalid_token', description: 'The access token is malformed' },
  ERR_TOKEN_EXPIRED: { error: 'invalid_token', description: 'The access token expired' },
  ERR_TOKEN_INVALID: { error: 'invalid_token', description: 'The access token is invalid' },
  ERR_TOKEN_REVOKED: { error: 'invalid_token', description: 'The access token was revoked' },
  ERR_INSUFFICIENT_SCOPE: {
    error: 'insufficient_scope',
    description: 'The access token lacks the required roles or permissions',
  },
  ERR_INSUFFICIENT_USER_AUTHENTICATION: {
    error: 'insufficient_user_authentication',
    description: 'A stronger or more recent authentication is required',
  },
};

/**
 * RFC 6750 §3.1: a request without any credentials gets a bare challenge with no error code; every
 * other failure names its error and a short, fixed description (never the internal reason).
 * `parameters` are appended after them, as RFC 9470 §3 appends `acr_values` and `max_age`; their
 * values are the library's own (a URN, a number), never anything a caller sent.
 */
export function bearerChallenge(
  code: string,
  parameters: Readonly<Record<string, string>> = {},
): string {
  const known = DESCRIPTIONS[code];
  if (known === undefined) return `Bearer realm="${BEARER_REALM}"`;
  const extra = Object.entries(parameters).map(([name, value]) => `, ${name}="${value}"`);
  return `Bearer realm="${BEARER_REALM}", error="${known.error}", error_description="${known.description}"${extra.join('')}`;
}
