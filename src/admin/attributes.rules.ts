import type { Attributes } from '../common/attributes';
import { RequestValidationError } from '../common/errors/validation.errors';
import type { FieldError } from '../common/errors/validation.errors';
import { CLAIM_NAME, CLAIM_NAME_RULE, isMappableClaimName } from '../apis/reserved-claims';

/** How many members one subject's attributes may have. */
export const MAX_ATTRIBUTES = 32;
/** How deep a member's value may nest arrays and objects (`{"a": {"b": 1}}`: 1 for `a`). */
export const MAX_ATTRIBUTE_DEPTH = 4;
/** The attributes serialised as JSON, in UTF-8 bytes: they ride in every token an API maps. */
export const MAX_ATTRIBUTES_BYTES = 4096;

export const ATTRIBUTES_RULE =
  `A JSON object of at most ${MAX_ATTRIBUTES} members, ${MAX_ATTRIBUTES_BYTES} bytes as JSON; ` +
  `each name ${CLAIM_NAME_RULE}, and not a registered claim name (\`sub\`, \`aud\`, ` +
  `\`roles\`, …), so that an API can map it into its tokens; values any JSON nested at most ` +
  `${MAX_ATTRIBUTE_DEPTH} arrays or objects deep (no U+0000 in its text)`;

const FIELD = 'attributes';
// What PostgreSQL's jsonb cannot hold in text: U+0000, and a surrogate without its pair.
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** How much of a refused name a message repeats: enough to find it, never a whole body. */
const NAME_ECHO = 64;

/**
 * What is wrong with `value` as a subject's attributes, one entry per problem: `attributes` for
 * the object as a whole (not an object, too many members, too big) or an unmappable name,
 * `attributes.<name>` for a reserved name, or a value too deep or not JSON that PostgreSQL can
 * store. Empty: it is valid.
 */
export function attributesProblems(value: unknown): FieldError[] {
  if (!isPlainObject(value)) return [{ field: FIELD, message: `${FIELD} must be a JSON object` }];
  const names = Object.keys(value);
  if (names.length > MAX_ATTRIBUTES) {
    return [{ field: FIELD, message: `${FIELD} must have at most ${MAX_ATTRIBUTES} members` }];
  }
  const problems = names.flatMap((name) => memberProblems(name, value[name]));
  if (problems.length > 0) return problems;
  // Only now: every value is finite JSON, so it serialises (no cycle, no bigint).
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_ATTRIBUTES_BYTES) {
    return [
      { field: FIELD, message: `${FIELD} must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON` },
    ];
  }
  return [];
}

/** Refuses with 400 `ERR_VALIDATION` (its field messages) unless `value` is valid attributes. */
export function assertValidAttributes(value: unknown): asserts value is Attributes {
  const problems = attributesProblems(value);
  if (problems.length > 0) throw new RequestValidationError(problems);
}

function memberProblems(name: string, value: unknown): FieldError[] {
  if (!isMappableClaimName(name)) return [nameProblem(name)];
  const depth = jsonDepth(value, MAX_ATTRIBUTE_DEPTH + 1);
  if (depth === undefined) {
    return [
      {
        field: `${FIELD}.${name}`,
        message: `${name} must be a JSON value, with no U+0000 or unpaired surrogate in its text`,
      },
    ];
  }
  if (depth > MAX_ATTRIBUTE_DEPTH) {
    return [
      {
        field: `${FIELD}.${name}`,
        message: `${name} must nest at most ${MAX_ATTRIBUTE_DEPTH} arrays or objects deep`,
      },
    ];
  }
  return [];
}

/** Why `name` could never become a claim. */
function nameProblem(name: string): FieldError {
  // A registered claim (RFC 7519 §4.1 and the like, reserved-claims.ts) is never shadowed.
  if (CLAIM_NAME.test(name)) {
    return { field: `${FIELD}.${name}`, message: `${name} is a registered claim name` };
  }
  const echo = JSON.stringify(name.slice(0, NAME_ECHO));
  return { field: FIELD, message: `each ${FIELD} name must be ${CLAIM_NAME_RULE}: ${echo}` };
}

/**
 * How many arrays or objects deep `value` nests (a scalar: 0), looking no deeper than `stop`
 * levels (a value that deep is refused whatever lies below); undefined when it is not JSON
 * (RFC 8259: strings, finite numbers, booleans, null, plain objects and arrays) that jsonb can
 * store, names of nested members included.
 */
function jsonDepth(value: unknown, stop: number): number | undefined {
  if (value === null || typeof value === 'boolean') return 0;
  if (typeof value === 'string') return storable(value) ? 0 : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : undefined;
  let children: unknown[];
  if (Array.isArray(value)) children = value;
  else if (isPlainObject(value)) children = [...Object.keys(value), ...Object.values(value)];
  else return undefined;
  if (stop <= 1) return 1;
  let deepest = 0;
  for (const child of children) {
    const depth = jsonDepth(child, stop - 1);
    if (depth === undefined) return undefined;
    deepest = Math.max(deepest, depth);
  }
  return deepest + 1;
}

function storable(text: string): boolean {
  return !text.includes(NUL) && !LONE_SURROGATE.test(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
