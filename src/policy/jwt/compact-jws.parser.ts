import { TokenMalformedError } from '../errors/token.errors';

/** A compact JWS split and decoded, not yet verified. */
export interface ParsedJws {
  /** The JOSE header, as a prototype-less object. */
  header: Record<string, unknown>;
  /** The claims set, as a prototype-less object. */
  payload: Record<string, unknown>;
  /** ASCII `base64url(header) "." base64url(payload)`: what the signature covers (RFC 7515 §5.2). */
  signingInput: Buffer;
  signature: Buffer;
}

/** Large enough for any access token Warden issues, small enough to bound parsing work. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

// RFC 7515 §7.1 with RFC 7515 §2 base64url: no padding, no '+', '/', '=' or whitespace.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Splits a compact JWS strictly. Rejects anything a lenient decoder would quietly accept, so one
 * token has exactly one spelling (the verified-token cache is keyed by that spelling).
 */
export function parseCompactJws(
  token: string,
  maxLength: number = DEFAULT_MAX_TOKEN_LENGTH,
): ParsedJws {
  if (token.length > maxLength) throw new TokenMalformedError('token too long');
  if (!COMPACT_JWS.test(token)) throw new TokenMalformedError('not a compact JWS');
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  const headerPart = token.slice(0, firstDot);
  const payloadPart = token.slice(firstDot + 1, secondDot);
  const signaturePart = token.slice(secondDot + 1);
  return {
    header: decodeJsonObject(headerPart, 'header'),
    payload: decodeJsonObject(payloadPart, 'payload'),
    signingInput: Buffer.from(token.slice(0, secondDot), 'latin1'),
    signature: decodeBase64Url(signaturePart, 'signature'),
  };
}

function decodeJsonObject(segment: string, part: string): Record<string, unknown> {
  const bytes = decodeBase64Url(segment, part);
  let value: unknown;
  try {
    value = JSON.parse(STRICT_UTF8.decode(bytes));
  } catch {
    throw new TokenMalformedError(`${part} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenMalformedError(`${part} is not a JSON object`);
  }
  // A "__proto__" member stays an own property under JSON.parse; dropping the prototype also means
  // a missing claim can never be read through a polluted Object.prototype. Duplicate members keep
  // the last value (JSON.parse), and only the key holder can sign such a token.
  Object.setPrototypeOf(value, null);
  return value as Record<string, unknown>;
}

/**
 * base64url without padding, in its canonical form: a length of 1 (mod 4) is impossible, and the
 * unused low bits of the last character must be zero, so no two spellings decode alike.
 */
function decodeBase64Url(segment: string, part: string): Buffer {
  const remainder = segment.length % 4;
  if (remainder === 1) throw new TokenMalformedError(`${part} has an impossible length`);
  if (remainder !== 0) {
    const last = BASE64URL_VALUE[segment.charCodeAt(segment.length - 1)];
    const unusedBits = remainder === 2 ? 0x0f : 0x03;
    if ((last & unusedBits) !== 0) throw new TokenMalformedError(`${part} is not canonical`);
  }
  return Buffer.from(segment, 'base64url');
}

const BASE64URL_VALUE = (() => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const table = new Uint8Array(128);
  for (let index = 0; index < alphabet.length; index++) table[alphabet.charCodeAt(index)] = index;
  return table;
})();
