import fc from 'fast-check';
import { hasDuplicateMembers } from './json-duplicate-members';

describe(hasDuplicateMembers.name, () => {
  it.each([
    '{"alg":"none","alg":"RS256"}',
    '{"alg":"RS256", "kid":"a" , "kid" :"b"}',
    '{"\\u0061lg":"RS256","alg":"none"}',
    '{"a":{"x":1},"b":[{"a":2}],"a":3}',
  ])('finds the duplicate in %s', (text) => {
    expect(hasDuplicateMembers(text)).toBe(true);
  });

  it.each([
    '{}',
    '{"alg":"RS256","kid":"alg","typ":"at+jwt"}',
    '{"a":{"a":1,"b":{"a":2}},"b":["a","a"]}',
    '{"a\\"":1,"a":2}',
    '{"x":"\\\\","y":"\\"alg\\":"}',
  ])('finds none in %s', (text) => {
    expect(hasDuplicateMembers(text)).toBe(false);
  });

  it('agrees with a parsed object: no duplicates exactly when every name survives parsing', () => {
    const entries = fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(entries, (pairs) => {
        const text = `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
        const distinct = new Set(pairs.map(([name]) => name)).size;
        expect(hasDuplicateMembers(text)).toBe(distinct !== pairs.length);
      }),
    );
  });
});
