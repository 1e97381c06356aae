import { TokenMalformedError, TokenMissingError } from '../errors/token.errors';

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme name is case-insensitive
// (RFC 9110 §11.1).
const BEARER_PREFIX = /^bearer +/i;

/**
 * The token of an `Authorization: Bearer <token>` header. No header, or another scheme, is a
 * missing token (RFC 6750 §3.1: answered with a bare challenge); a Bearer header without exactly
 * one token after it is malformed.
 */
export function extractBearerToken(authorization: unknown): string {
  if (typeof authorization !== 'string' || authorization === '') throw new TokenMissingError();
  const prefix = BEARER_PREFIX.exec(authorization);
  if (prefix === null) {
    if (/^bearer$/i.test(authorization.trim())) throw new TokenMalformedError('empty bearer');
    throw new TokenMissingError('not a bearer credential');
  }
  const token = authorization.slice(prefix[0].length);
  if (token === '' || token.includes(' ')) throw new TokenMalformedError('bad bearer credential');
  return token;
}
