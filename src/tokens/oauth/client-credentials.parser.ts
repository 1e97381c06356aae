import { InvalidClientError, OAuthInvalidRequestError } from './oauth.errors';

import type { TokenEndpointAuthMethod } from '../clients/service-client';

export type ClientAuthMethod = TokenEndpointAuthMethod;

/** What a request presents: a secret by one of the two methods, or (`none`) a bare client_id. */
export type PresentedClientCredentials =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; clientSecret: string }
  | { method: 'none'; clientId: string; clientSecret?: undefined };

export interface ClientCredentialSources {
  /** The `Authorization` header, if any. */
  authorization: unknown;
  /** `client_id` and `client_secret` of the request body, if any. */
  clientId?: string;
  clientSecret?: string;
}

const BASIC = /^Basic +([A-Za-z0-9+/]+=*) *$/i;

/**
 * The client credentials of a request, by HTTP Basic (`client_secret_basic`) or in the body
 * (`client_secret_post`), RFC 6749 §2.3.1; or a body `client_id` alone (`none`: a public
 * client identifies itself, §2.1 and §3.2.1, and proves nothing). Using both secret methods at
 * once is `invalid_request` ("the client MUST NOT use more than one authentication method in
 * each request"); nothing at all, a secret without its id, or a malformed Basic header is
 * `invalid_client`. Whether a bare client_id is enough is the authenticator's call.
 */
export function parseClientCredentials(
  sources: ClientCredentialSources,
): PresentedClientCredentials {
  const { authorization, clientId, clientSecret } = sources;
  if (authorization !== undefined && !isBasic(authorization)) {
    // Some other scheme (a Bearer token): not a client authentication this endpoint knows.
    throw new InvalidClientError();
  }
  if (typeof authorization === 'string') {
    if (clientSecret !== undefined) {
      throw new OAuthInvalidRequestError('Use one client authentication method, not two');
    }
    const basic = decodeBasic(authorization);
    // RFC 6749 §3.2.1 lets a client name itself in the body too; it must be the same client.
    if (clientId !== undefined && clientId !== basic.clientId) throw new InvalidClientError();
    return { ...basic, method: 'client_secret_basic' };
  }
  if (clientId === undefined || clientId.length === 0) throw new InvalidClientError();
  if (clientSecret === undefined) return { clientId, method: 'none' };
  return { clientId, clientSecret, method: 'client_secret_post' };
}

function isBasic(authorization: unknown): boolean {
  return typeof authorization === 'string' && /^basic(\s|$)/i.test(authorization);
}

/**
 * RFC 6749 §2.3.1: the id and secret are each form-urlencoded (Appendix B) before they are
 * joined with ":" and base64-encoded (RFC 7617), so decode in that order.
 */
function decodeBasic(authorization: string): { clientId: string; clientSecret: string } {
  const match = BASIC.exec(authorization);
  if (!match) throw new InvalidClientError();
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new InvalidClientError();
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId.length === 0 || clientSecret.length === 0) throw new InvalidClientError();
  return { clientId, clientSecret };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new InvalidClientError();
  }
}
