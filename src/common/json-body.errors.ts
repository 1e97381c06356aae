import { WardenError } from './errors/warden-error';

/** A JSON body nested deeper than BODY_MAX_DEPTH, refused before it is parsed. */
export class BodyTooDeepError extends WardenError {
  readonly code = 'ERR_BODY_TOO_DEEP';

  constructor(maxDepth: number) {
    super(`The JSON body is nested deeper than ${maxDepth} levels`);
  }
}

/** A body that is not JSON at all: empty, not UTF-8 (RFC 8259 §8.1), or a syntax error. */
export class MalformedBodyError extends WardenError {
  readonly code = 'ERR_BODY_MALFORMED';
}

/** A `__proto__` or `constructor.prototype` member, which would poison prototypes if merged. */
export class ForbiddenBodyMemberError extends WardenError {
  readonly code = 'ERR_BODY_FORBIDDEN_MEMBER';

  constructor() {
    super('The JSON body contains a forbidden __proto__ or constructor.prototype member');
  }
}

/**
 * An object naming one member twice. JSON.parse keeps the last value silently; another parser
 * may keep the first, so the body means different things to different readers (RFC 8259 §4:
 * names "SHOULD be unique").
 */
export class DuplicateBodyMemberError extends WardenError {
  readonly code = 'ERR_BODY_DUPLICATE_MEMBER';

  constructor(name: string) {
    super(`The JSON body names the member ${JSON.stringify(name.slice(0, 64))} more than once`);
  }
}
