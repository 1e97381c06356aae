import { TokenMalformedError } from '../errors/token.errors';
import { hasDuplicateMembers } from './json-duplicate-members';

/** A compact JWS split and decoded, not yet verified. */
export interface ParsedJws {
  /** The JOSE header. Read it through `ownMember`, never by plain property access. */
  header: Record<string, unknown>;
  /** The claims set. Read it through `ownMember`, never by plain property access. */
  payload: Record<string, unknown>;
  /** ASCII `base64url(header) "." base64url(payload)`: what the signature covers (RFC 7515 §5.2). */
  signingInput: Buffer;
  signature: Buffer;
}

/** Large enough for any access token Warden issues, small enough to bound parsing work. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The three base64url segments of a compact JWS, checked for shape but not decoded. */
export interface CompactJwsSegments {
  header: string;
  payload: string;
  signature: string;
  /** `header "." payload`: what the signature covers (RFC 7515 §5.2). */
  signingInput: string;
}

/**
 * Splits a compact JWS strictly. Rejects anything a lenient decoder would quietly accept, so one
 * token has exactly one spelling (the verified-token cache is keyed by that spelling).
 */
export function splitCompactJws(
  token: string,
  maxLength: number = DEFAULT_MAX_TOKEN_LENGTH,
): CompactJwsSegments {
  if (token.length > maxLength) throw new TokenMalformedError('token too long');
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (firstDot < 1 || secondDot < firstDot + 2 || secondDot === token.length - 1) {
    throw new TokenMalformedError('not three non-empty segments');
  }
  if (token.indexOf('.', secondDot + 1) !== -1) throw new TokenMalformedError('too many segments');
  // Node's decoder also takes '+' and '/' (base64), and skips any other character, which the
  // length check in decodeBase64Url then catches. Cheaper than a regular expression per token.
  if (token.includes('+') || token.includes('/')) throw new TokenMalformedError('not base64url');
  return {
    header: token.slice(0, firstDot),
    payload: token.slice(firstDot + 1, secondDot),
    signature: token.slice(secondDot + 1),
    signingInput: token.slice(0, secondDot),
  };
}

/** Splits and decodes a compact JWS (see splitCompactJws for the rules). */
export function parseCompactJws(
  token: string,
  maxLength: number = DEFAULT_MAX_TOKEN_LENGTH,
): ParsedJws {
  const segments = splitCompactJws(token, maxLength);
  return {
    header: decodeJsonSegment(segments.header, 'header', true),
    payload: decodeJsonSegment(segments.payload, 'payload'),
    signingInput: Buffer.from(segments.signingInput, 'latin1'),
    signature: decodeBase64Url(segments.signature, 'signature'),
  };
}

/**
 * A base64url segment holding a UTF-8 JSON object. `uniqueMembers` refuses a repeated member
 * name (used for the JOSE header, see json-duplicate-members.ts).
 */
export function decodeJsonSegment(
  segment: string,
  part: string,
  uniqueMembers = false,
): Record<string, unknown> {
  const bytes = decodeBase64Url(segment, part);
  let text: string;
  let value: unknown;
  try {
    text = STRICT_UTF8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new TokenMalformedError(`${part} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenMalformedError(`${part} is not a JSON object`);
  }
  if (uniqueMembers && hasDuplicateMembers(text)) {
    throw new TokenMalformedError(`${part} repeats a member`);
  }
  // A "__proto__" member stays an own data property under JSON.parse (it never sets the
  // prototype), and the claim checks read own properties only. Duplicate claims keep the last
  // value (JSON.parse, as RFC 7515 §4 allows); only the key holder can sign such a payload.
  return value as Record<string, unknown>;
}

/**
 * base64url without padding, in its canonical form: a length of 1 (mod 4) is impossible, and the
 * unused low bits of the last character must be zero, so no two spellings decode alike.
 */
export function decodeBase64Url(segment: string, part: string): Buffer {
  const remainder = segment.length % 4;
  if (remainder === 1) throw new TokenMalformedError(`${part} has an impossible length`);
  if (remainder !== 0) {
    const last = BASE64URL_VALUE[segment.charCodeAt(segment.length - 1)];
    const unusedBits = remainder === 2 ? 0x0f : 0x03;
    if ((last & unusedBits) !== 0) throw new TokenMalformedError(`${part} is not canonical`);
  }
  const bytes = Buffer.from(segment, 'base64url');
  // RFC 7515 §2: no padding, no whitespace, nothing outside the alphabet. Node skips such
  // characters, so any of them leaves fewer bytes than the length promises.
  if (bytes.length !== (segment.length * 3) >>> 2) {
    throw new TokenMalformedError(`${part} is not base64url`);
  }
  return bytes;
}

const BASE64URL_VALUE = (() => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const table = new Uint8Array(128);
  for (let index = 0; index < alphabet.length; index++) table[alphabet.charCodeAt(index)] = index;
  return table;
})();

/**
 * A member of a decoded JOSE object, own properties only: a claim missing from the token can never
 * be read through a polluted Object.prototype.
 */
export function ownMember(object: object, name: string): unknown {
  return Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}
