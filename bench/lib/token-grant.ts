import { LoadOptions } from './load';

export interface TokenGrant extends LoadOptions {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** A client_credentials request with HTTP Basic client authentication (RFC 6749 §2.3.1). */
export function clientCredentialsRequest(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  body = 'grant_type=client_credentials',
): TokenGrant {
  // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
  const basic = Buffer.from(
    `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
  ).toString('base64');
  return {
    url: tokenUrl,
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  };
}

/**
 * Sends the grant once and checks it is what the comparison claims: 200, and an access token that
 * is a JWT signed with `alg`. Returns its header and claim names, for the report's notes.
 */
export async function expectJwtGrant(
  name: string,
  grant: TokenGrant,
  alg: string,
): Promise<string> {
  const response = await fetch(grant.url, {
    method: grant.method,
    headers: grant.headers,
    body: grant.body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${name}: ${response.status} ${text}`);
  const { access_token: token } = JSON.parse(text) as { access_token?: unknown };
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) throw new Error(`${name}: the access token is not a JWS: ${text}`);
  const decode = (part: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  const header = decode(parts[0]);
  if (header.alg !== alg) throw new Error(`${name}: access token alg ${String(header.alg)}`);
  const claims = Object.keys(decode(parts[1])).join(', ');
  return `${name}: 200, access token header ${JSON.stringify(header)}, claims ${claims}`;
}
