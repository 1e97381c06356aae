import fc from 'fast-check';
import { firstDuplicateMember, hasDuplicateMembers } from './json-duplicate-members';

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

describe(firstDuplicateMember.name, () => {
  it.each([
    ['{"a":1,"a":2}', false, 'a'],
    ['{"a":{"b":1,"b":2}}', false, undefined],
    ['{"a":{"b":1,"b":2}}', true, 'b'],
    ['[{"x":1},{"x":2}]', true, undefined],
    ['[{"x":1,"x":2}]', true, 'x'],
    ['{"a":[{"a":1}],"b":{"a":{"a":2}}}', true, undefined],
    ['{"k":{"\\u006b":1,"k":2}}', true, 'k'],
  ])('in %s (nested: %s) finds %s', (text, nested, name) => {
    expect(firstDuplicateMember(text, { nested })).toBe(name);
  });

  it('finds a repeat in any object of a random document exactly when one exists', () => {
    const object = fc.letrec((tie) => ({
      node: fc.array(
        fc.tuple(fc.constantFrom('a', 'b', 'c', '\\u0061'), fc.oneof(fc.integer(), tie('node'))),
        { maxLength: 3 },
      ),
    })).node as fc.Arbitrary<Array<[string, unknown]>>;
    type Node = Array<[string, unknown]>;
    const render = (node: Node): string =>
      `{${node.map(([k, v]) => `"${k}":${Array.isArray(v) ? render(v as Node) : String(v)}`).join(',')}}`;
    const repeats = (node: Node): boolean => {
      const names = node.map(([k]) => (k === '\\u0061' ? 'a' : k));
      if (new Set(names).size !== names.length) return true;
      return node.some(([, v]) => Array.isArray(v) && repeats(v as Node));
    };
    fc.assert(
      fc.property(object, (node) => {
        const text = render(node);
        expect(firstDuplicateMember(text, { nested: true }) !== undefined).toBe(repeats(node));
      }),
    );
  });
});
