import { TokenMalformedError, TokenMissingError } from '../errors/token.errors';

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme name is case-insensitive
// (RFC 9110 §11.1). Parsed by hand: this runs on every guarded request.
const SCHEME = 'bearer';
const SPACE = 0x20;

/**
 * The token of an `Authorization: Bearer <token>` header. No header, or another scheme, is a
 * missing token (RFC 6750 §3.1: answered with a bare challenge); a Bearer header without exactly
 * one token after it is malformed.
 */
export function extractBearerToken(authorization: unknown): string {
  if (typeof authorization !== 'string' || authorization === '') throw new TokenMissingError();
  const schemeMatches = authorization.slice(0, SCHEME.length).toLowerCase() === SCHEME;
  if (!schemeMatches || authorization.charCodeAt(SCHEME.length) !== SPACE) {
    if (schemeMatches && authorization.trim().length === SCHEME.length) {
      throw new TokenMalformedError('empty bearer');
    }
    throw new TokenMissingError('not a bearer credential');
  }
  let start = SCHEME.length + 1;
  while (authorization.charCodeAt(start) === SPACE) start++;
  const token = authorization.slice(start);
  if (token === '' || token.includes(' ')) throw new TokenMalformedError('bad bearer credential');
  return token;
}
