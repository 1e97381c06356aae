import type { TokenUse } from './access-token-claims';
import { TOKEN_USES, TokenUsePreset, tokenUsesOf } from './token-uses';

const USES: readonly TokenUse[] = ['access', 'service', 'delegated'];

describe('TOKEN_USES', () => {
  it.each<[TokenUsePreset, TokenUse[]]>([
    ['users', ['access']],
    ['services', ['service']],
    ['delegates', ['delegated']],
    ['usersAndDelegates', ['access', 'delegated']],
    ['machines', ['service', 'delegated']],
    ['any', ['access', 'service', 'delegated']],
  ])('%s admits %j, under its name too', (preset, uses) => {
    expect(TOKEN_USES[preset]).toEqual(uses);
    expect(tokenUsesOf(preset)).toEqual(uses);
  });

  it('cannot be changed by an app: the table and every list are frozen', () => {
    expect(Object.isFrozen(TOKEN_USES)).toBe(true);
    for (const uses of Object.values(TOKEN_USES)) expect(Object.isFrozen(uses)).toBe(true);
    expect(() => (TOKEN_USES.users as unknown as TokenUse[]).push('service')).toThrow(TypeError);
  });

  it('names no preset after a token use, so a string means one thing only', () => {
    expect(Object.keys(TOKEN_USES).filter((name) => USES.includes(name as TokenUse))).toEqual([]);
  });
});

describe(tokenUsesOf.name, () => {
  it('takes a single token use as the list of it, and a list as it is', () => {
    expect(tokenUsesOf('delegated')).toEqual(['delegated']);
    expect(tokenUsesOf(['service', 'access'])).toEqual(['service', 'access']);
  });

  it.each<[string, unknown]>([
    ['a misspelt preset', 'user'],
    ['a use that does not exist', 'refresh'],
    ['a member of Object.prototype', 'constructor'],
    ['a preset name inside a list', ['users']],
    ['an empty list', []],
    ['a list holding a non-string', ['access', 1]],
    ['neither a string nor a list', { users: true }],
  ])('refuses %s', (_name, requirement) => {
    expect(tokenUsesOf(requirement)).toBeUndefined();
  });
});
