import { RequestValidationError } from '../common/errors/validation.errors';
import {
  assertValidAttributes,
  attributesProblems,
  MAX_ATTRIBUTE_DEPTH,
  MAX_ATTRIBUTES,
  MAX_ATTRIBUTES_BYTES,
} from './attributes.rules';

/** A value nesting `depth` arrays deep around a string. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/** `count` members `a0`, `a1`, …. */
function members(count: number, value: unknown = 1): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`a${index}`, value]));
}

describe(attributesProblems.name, () => {
  it.each([
    ['no members (clears)', {}],
    [
      'every kind of JSON value',
      { s: 'x', n: -1.5, b: false, z: null, l: [1, 'a'], o: { k: 'v' } },
    ],
    ['the most members', members(MAX_ATTRIBUTES)],
    ['a value nested to the limit', { deep: nested(MAX_ATTRIBUTE_DEPTH) }],
    ['an object nested to the limit', { deep: { a: { b: { c: { d: 1 } } } } }],
    ['a name of 64 characters', { [`a${'b'.repeat(63)}`]: 1 }],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { a: 1 })],
    ['text with a surrogate pair and any other character', { emoji: '\u{1F600}\u0001é' }],
  ])('accepts %s', (_case, value) => {
    expect(attributesProblems(value)).toEqual([]);
  });

  it.each([
    ['null', null],
    ['an array', [{ tenant_id: 'acme' }]],
    ['a string', 'tenant_id=acme'],
    ['a number', 7],
    ['a class instance', new Date(0)],
  ])('refuses %s as not an object', (_case, value) => {
    expect(attributesProblems(value)).toEqual([
      { field: 'attributes', message: 'attributes must be a JSON object' },
    ]);
  });

  it('refuses more than the most members', () => {
    expect(attributesProblems(members(MAX_ATTRIBUTES + 1))).toEqual([
      { field: 'attributes', message: `attributes must have at most ${MAX_ATTRIBUTES} members` },
    ]);
  });

  it('measures the size as UTF-8 JSON, so multi-byte text counts for its bytes', () => {
    // {"a":"…"} is 8 bytes around the text; "é" is 2 bytes in UTF-8.
    const fits = { a: 'é'.repeat((MAX_ATTRIBUTES_BYTES - 8) / 2) };
    const over = { a: `${'é'.repeat((MAX_ATTRIBUTES_BYTES - 8) / 2)}x` };

    expect(attributesProblems(fits)).toEqual([]);
    expect(attributesProblems(over)).toEqual([
      {
        field: 'attributes',
        message: `attributes must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON`,
      },
    ]);
  });

  it.each(['Tenant', 'tenant-id', '1st', '_hidden', '', 'a'.repeat(65), 'tenant id'])(
    'refuses the name %j, which could never be a claim',
    (name) => {
      const problems = attributesProblems({ [name]: 'x' });

      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'attributes' });
      expect(problems[0].message).toContain(JSON.stringify(name.slice(0, 64)));
    },
  );

  it.each(['sub', 'aud', 'roles', 'permissions', 'client_id', 'email', 'token_use'])(
    'refuses the registered claim name %s, naming the member',
    (name) => {
      expect(attributesProblems({ [name]: 'x', tenant_id: 'acme' })).toEqual([
        { field: `attributes.${name}`, message: `${name} is a registered claim name` },
      ]);
    },
  );

  it('refuses a value nested deeper than the limit, naming the member', () => {
    expect(attributesProblems({ ok: nested(1), deep: nested(MAX_ATTRIBUTE_DEPTH + 1) })).toEqual([
      {
        field: 'attributes.deep',
        message: `deep must nest at most ${MAX_ATTRIBUTE_DEPTH} arrays or objects deep`,
      },
    ]);
  });

  it('stops at the limit, so a cycle is too deep rather than endless', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;

    expect(attributesProblems({ loop: cycle })).toEqual([
      expect.objectContaining({ field: 'attributes.loop' }),
    ]);
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a bigint', 1n],
    ['a date inside an array', [new Date(0)]],
    ['text with U+0000, which jsonb cannot store', 'a\u0000b'],
    ['a nested member name with U+0000', { 'a\u0000': 1 }],
    ['text with an unpaired surrogate', ['\uD800x']],
  ])('refuses %s as not JSON', (_case, value) => {
    expect(attributesProblems({ value })).toEqual([
      {
        field: 'attributes.value',
        message: 'value must be a JSON value, with no U+0000 or unpaired surrogate in its text',
      },
    ]);
  });

  it('lists every member problem at once', () => {
    const problems = attributesProblems({ sub: 1, 'Bad-Name': 2, deep: nested(9), fine: 3 });

    expect(problems.map((problem) => problem.field)).toEqual([
      'attributes.sub',
      'attributes',
      'attributes.deep',
    ]);
  });
});

describe(assertValidAttributes.name, () => {
  it('throws the field messages as a 400 ERR_VALIDATION', () => {
    const refusal = (() => {
      try {
        assertValidAttributes({ iss: 'https://evil.example' });
      } catch (error) {
        return error;
      }
    })();

    expect(refusal).toBeInstanceOf(RequestValidationError);
    expect(refusal).toMatchObject({
      code: 'ERR_VALIDATION',
      details: { errors: [{ field: 'attributes.iss', message: 'iss is a registered claim name' }] },
    });
  });

  it('returns for valid attributes', () => {
    expect(() => assertValidAttributes({ tenant_id: 'acme' })).not.toThrow();
  });
});
