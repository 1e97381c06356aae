import fc from 'fast-check';
import { capStrings, truncateCodePoints } from './audit-text';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe(truncateCodePoints.name, () => {
  it('keeps text within the limit as it is', () => {
    expect(truncateCodePoints('agent/1.0', 512)).toBe('agent/1.0');
  });

  it('cuts to a number of code points, never inside a surrogate pair', () => {
    expect(truncateCodePoints('\u{1F600}\u{1F601}\u{1F602}', 2)).toBe('\u{1F600}\u{1F601}');
    expect(truncateCodePoints('a\u{1F600}b', 2)).toBe('a\u{1F600}');
  });

  it('returns a well-formed prefix of at most `max` code points of any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        (text, max) => {
          const cut = truncateCodePoints(text, max);
          expect(text.startsWith(cut)).toBe(true);
          expect([...cut].length).toBe(Math.min(max, [...text].length));
          expect(cut).not.toMatch(LONE_SURROGATE);
        },
      ),
    );
  });
});

describe(capStrings.name, () => {
  it('caps strings at any depth and leaves other values alone', () => {
    expect(capStrings({ a: 'xxxx', b: [1, 'yyyy', { c: 'zzzz' }], d: null, e: true }, 2)).toEqual({
      a: 'xx',
      b: [1, 'yy', { c: 'zz' }],
      d: null,
      e: true,
    });
  });
});
