import fc from 'fast-check';
import { exceedsJsonDepth } from './json-depth';

/** The nesting depth of a parsed JSON value: `{}` and `[]` count 1, scalars 0. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** A JSON value whose depth is exactly `depth`: random content along one deep spine. */
const valueOfDepth = (depth: number): fc.Arbitrary<unknown> =>
  depth === 0
    ? fc.jsonValue({ maxDepth: 0 })
    : fc
        .tuple(
          valueOfDepth(depth - 1),
          fc.boolean(),
          fc.string({ maxLength: 5 }),
          fc.jsonValue({ maxDepth: 0 }),
        )
        .map(([inner, asArray, name, sibling]) =>
          asArray ? [sibling, inner] : { [`${name}_`]: sibling, [name]: inner },
        );

describe(exceedsJsonDepth.name, () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['[[]]', 2],
    ['{"a":[{"b":1}]}', 3],
    ['["[[[[", "{{{{"]', 1],
    ['["\\"[[[", "\\\\", []]', 2],
  ])('measures %s as %d levels', (text, depth) => {
    expect(exceedsJsonDepth(text, depth)).toBe(false);
    if (depth > 0) expect(exceedsJsonDepth(text, depth - 1)).toBe(true);
  });

  it('refuses 100,000 levels without recursing', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(exceedsJsonDepth(text, 32)).toBe(true);
  });

  it('passes any JSON value nested at most the limit and refuses any deeper one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 36 }),
        (depth, limit) => {
          fc.assert(
            fc.property(valueOfDepth(depth), (value) => {
              const text = JSON.stringify(value);
              expect(depthOf(value)).toBe(depth);
              expect(exceedsJsonDepth(text, limit)).toBe(depth > limit);
            }),
            { numRuns: 3 },
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees with the depth of any random JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        expect(exceedsJsonDepth(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.integer({ min: 0, max: 8 }),
        (text, limit) => {
          expect(typeof exceedsJsonDepth(text, limit)).toBe('boolean');
        },
      ),
    );
  });
});
