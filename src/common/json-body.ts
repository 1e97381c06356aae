import secureJsonParse from 'secure-json-parse';
import { exceedsJsonDepth, firstDuplicateMember } from '@warden/nest-auth';
import { BodyTooDeepError, ForbiddenBodyMemberError, MalformedBodyError } from './json-body.errors';

const DUPLICATE_MEMBER = Symbol('warden:duplicate-member');

// RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8; invalid bytes are refused
// rather than silently replaced by U+FFFD. A leading BOM is dropped (§8.1 allows ignoring it).
const utf8 = new TextDecoder('utf-8', { fatal: true });

// Valid UTF-8 cannot carry a surrogate, so only a `\uD800`-`\uDFFF` escape can produce one.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Parses a raw `application/json` body, cheapest refusals first: not UTF-8, empty, nested
 * deeper than `maxDepth` (a linear scan, before any parsing), not JSON, or carrying a
 * `__proto__` / `constructor.prototype` member (secure-json-parse, as Fastify's own parser), or
 * a string with an unpaired surrogate (RFC 8259 §8.2: its behaviour is unpredictable; some
 * validators throw on it).
 * Throws the matching WardenError. A repeated member name is not refused here (what it means
 * depends on the route) but recorded on the result; see duplicateMemberOf.
 */
export function parseJsonBody(raw: Uint8Array, maxDepth: number): unknown {
  const text = decode(raw);
  if (text.trim() === '') throw new MalformedBodyError('The JSON body is empty');
  if (exceedsJsonDepth(text, maxDepth)) throw new BodyTooDeepError(maxDepth);
  const value = parse(text);
  if (typeof value === 'object' && value !== null) {
    const duplicate = firstDuplicateMember(text, { nested: true });
    if (duplicate !== undefined) {
      Object.defineProperty(value, DUPLICATE_MEMBER, { value: duplicate, enumerable: false });
    }
  }
  return value;
}

/** The member name a parsed JSON body repeated (JSON.parse kept only its last value), if any. */
export function duplicateMemberOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const name: unknown = Reflect.get(body, DUPLICATE_MEMBER);
  return typeof name === 'string' ? name : undefined;
}

function decode(raw: Uint8Array): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw new MalformedBodyError('The body is not valid UTF-8');
  }
}

function parse(text: string): unknown {
  const reviver = SURROGATE_ESCAPE.test(text) ? refuseLoneSurrogates : null;
  try {
    return secureJsonParse(text, reviver, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (error instanceof MalformedBodyError) throw error;
    if (error instanceof SyntaxError && /forbidden prototype/i.test(error.message)) {
      throw new ForbiddenBodyMemberError();
    }
    throw new MalformedBodyError('The body is not valid JSON');
  }
}

function refuseLoneSurrogates(name: string, value: unknown): unknown {
  if (LONE_SURROGATE.test(name) || (typeof value === 'string' && LONE_SURROGATE.test(value))) {
    throw new MalformedBodyError('The JSON body contains an unpaired surrogate');
  }
  return value;
}
