import fc from 'fast-check';

/** One request body as sent on the wire: raw text or bytes, and its Content-Type (if any). */
export interface HostileBody {
  label: string;
  body?: string | Uint8Array;
  contentType?: string;
}

const JSON_TYPE = 'application/json';

/** Scalars JSON.parse accepts but a validator may not expect: out of range, odd, escaped. */
const ODD_LITERALS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '123456789012345678901234567890',
  '9007199254740993',
  '"\\ud800"',
  '"\\u0000"',
  '"\\u202e"',
  '""',
  'null',
  'true',
  '[]',
  '{}',
];

/** Member names that have hurt JSON consumers before, plus the route's own. */
const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];

function nested(depth: number, inner: string): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

/** A value as JSON text: random JSON, odd literals, any unicode string, deep nesting. */
const valueText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom(...ODD_LITERALS),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => JSON.stringify(text)),
  fc.string({ unit: 'binary', maxLength: 40 }).map((text) => JSON.stringify(text)),
  fc.integer({ min: 1, max: 40 }).map((depth) => nested(depth, '1')),
);

/** An object naming the route's fields (and hostile ones), possibly more than once. */
function objectText(fields: readonly string[]): fc.Arbitrary<string> {
  const name = fc.constantFrom(...fields, ...HOSTILE_NAMES);
  return fc
    .array(fc.tuple(name, valueText), { maxLength: 8 })
    .map(
      (members) =>
        `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`,
    );
}

/** Random hostile bodies for a route whose body has `fields`. */
export function hostileBody(fields: readonly string[]): fc.Arbitrary<HostileBody> {
  const object = objectText(fields);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: object.map((body) => ({ label: 'object', body, contentType: JSON_TYPE })),
    },
    {
      weight: 2,
      arbitrary: valueText.map((body) => ({
        label: 'top-level value',
        body,
        contentType: JSON_TYPE,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(object, fc.integer({ min: 1, max: 5000 })).map(([inner, depth]) => ({
        label: `nested ${depth}`,
        body: nested(depth, inner),
        contentType: JSON_TYPE,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(object, fc.integer({ min: 0, max: 2 }), fc.constantFrom(0x80, 0xc3, 0xff, 0xed))
        .map(([text, at, byte]) => {
          const bytes = Array.from(new TextEncoder().encode(text));
          bytes.splice(Math.min(at, bytes.length), 0, byte);
          return { label: 'invalid UTF-8', body: new Uint8Array(bytes), contentType: JSON_TYPE };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          object,
          fc.constantFrom(
            'text/plain',
            'application/xml',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'application/octet-stream',
            'application/json; charset=utf-16',
            'application/vnd.api+json',
          ),
        )
        .map(([body, contentType]) => ({ label: contentType, body, contentType })),
    },
  );
}

/** Fixed cases every route gets, whatever the random runs draw. */
export function fixedHostileBodies(fields: readonly string[], bodyLimit: number): HostileBody[] {
  const field = JSON.stringify(fields[0] ?? 'x');
  const room = bodyLimit - 64;
  // Every field alone set to every odd literal: the cases a random run may miss (`null` among
  // them: class-validator's @IsOptional lets it through to the service).
  const oddFields = fields.flatMap((name) =>
    ODD_LITERALS.map((literal) => ({
      label: `${name} = ${literal}`,
      body: `{${JSON.stringify(name)}:${literal}}`,
      contentType: JSON_TYPE,
    })),
  );
  return [
    ...oddFields,
    { label: 'empty', body: '', contentType: JSON_TYPE },
    { label: 'no content type', body: new TextEncoder().encode('{}') },
    { label: 'null', body: 'null', contentType: JSON_TYPE },
    { label: 'true', body: 'true', contentType: JSON_TYPE },
    { label: 'array', body: '[1,2,3]', contentType: JSON_TYPE },
    { label: 'depth 32', body: `{${field}:${nested(31, '1')}}`, contentType: JSON_TYPE },
    { label: 'depth 33', body: `{${field}:${nested(32, '1')}}`, contentType: JSON_TYPE },
    { label: 'depth 5000', body: `{${field}:${nested(4999, '1')}}`, contentType: JSON_TYPE },
    {
      label: 'deepest within limit',
      body: nested(Math.floor(room / 2), ''),
      contentType: JSON_TYPE,
    },
    { label: 'unclosed nesting', body: '['.repeat(room), contentType: JSON_TYPE },
    {
      label: 'huge array',
      body: `{${field}:[${'0,'.repeat(Math.floor(room / 2) - 8)}0]}`,
      contentType: JSON_TYPE,
    },
    { label: 'huge string', body: `{${field}:"${'x'.repeat(room - 16)}"}`, contentType: JSON_TYPE },
    {
      label: 'huge object',
      body: `{${Array.from({ length: Math.floor(room / 12) }, (_, index) => `"k${index}":0`).join(',')}}`,
      contentType: JSON_TYPE,
    },
    {
      label: '__proto__',
      body: `{"__proto__":{"admin":true},${field}:"x"}`,
      contentType: JSON_TYPE,
    },
    {
      label: 'constructor.prototype',
      body: '{"constructor":{"prototype":{"admin":true}}}',
      contentType: JSON_TYPE,
    },
    { label: 'duplicated member', body: `{${field}:"a",${field}:"b"}`, contentType: JSON_TYPE },
    { label: 'out-of-range numbers', body: `{${field}:1e400,"n":-1e400}`, contentType: JSON_TYPE },
    { label: 'lone surrogate', body: `{${field}:"\\udfff"}`, contentType: JSON_TYPE },
    {
      label: 'invalid UTF-8',
      body: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
      contentType: JSON_TYPE,
    },
    {
      label: 'wrong type for every field',
      body: `{${fields.map((name) => `${JSON.stringify(name)}:{"$gt":""}`).join(',')}}`,
      contentType: JSON_TYPE,
    },
    { label: 'text/plain', body: '{}', contentType: 'text/plain' },
    { label: 'form junk', body: '%%%=&&=%zz', contentType: 'application/x-www-form-urlencoded' },
    { label: 'multipart without boundary', body: '--x\r\n', contentType: 'multipart/form-data' },
  ];
}
