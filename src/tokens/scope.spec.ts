import { thrownCode } from '../../test/support/thrown-code';
import { isScopeToken, narrowPermissions, parseScope, scopeString } from './scope';

describe('scope', () => {
  describe(parseScope.name, () => {
    it('splits on spaces and drops duplicates', () => {
      expect(parseScope('reports:read  reports:write reports:read')).toEqual([
        'reports:read',
        'reports:write',
      ]);
    });

    it('treats an absent or blank scope as none asked for', () => {
      expect(parseScope(undefined)).toBeUndefined();
      expect(parseScope('   ')).toBeUndefined();
    });

    it('refuses characters RFC 6749 §3.3 excludes', () => {
      expect(thrownCode(() => parseScope('a"b'))).toBe('ERR_INVALID_SCOPE');
      expect(thrownCode(() => parseScope('a\\b'))).toBe('ERR_INVALID_SCOPE');
      expect(thrownCode(() => parseScope('a\tb'))).toBe('ERR_INVALID_SCOPE');
    });
  });

  describe(narrowPermissions.name, () => {
    const available = ['a', 'b', 'c'];

    it('gives everything when nothing is asked for', () => {
      expect(narrowPermissions(available, undefined)).toEqual(['a', 'b', 'c']);
    });

    it('gives the requested subset', () => {
      expect(narrowPermissions(available, ['c', 'a'])).toEqual(['c', 'a']);
    });

    it('refuses more than is available', () => {
      expect(thrownCode(() => narrowPermissions(available, ['a', 'd']))).toBe('ERR_INVALID_SCOPE');
    });
  });

  it('joins a requested scope and recognizes scope tokens', () => {
    expect(scopeString(['a', 'b'])).toBe('a b');
    expect(scopeString(undefined)).toBeUndefined();
    expect(isScopeToken('reports:read')).toBe(true);
    expect(isScopeToken('two words')).toBe(false);
  });
});
