import type { AccessTokenClaims } from '../access-token-claims';
import { Principal, principalFromClaims } from '../principal';
import { policy } from './policy.builder';
import { checkStepUp, hasMfa, MFA_ACR, SECOND_FACTOR_AMR } from './step-up';

const NOW = 1_800_000_000;

function principal(event: Pick<AccessTokenClaims, 'amr' | 'acr' | 'auth_time'> = {}): Principal {
  return principalFromClaims({
    iss: 'https://warden.test',
    sub: 'user-1',
    aud: 'warden',
    exp: NOW + 900,
    iat: NOW,
    jti: 'j',
    client_id: 'warden',
    token_use: 'access',
    roles: [],
    permissions: [],
    ...event,
  } satisfies AccessTokenClaims);
}

const at = (now: number, clockTolerance = 0) => ({ now, clockTolerance });

describe(hasMfa.name, () => {
  it.each([
    ['acr MFA_ACR', { acr: MFA_ACR }],
    ['amr pwd + otp', { amr: ['pwd', 'otp'] }],
    ['amr mfa', { amr: ['mfa'] }],
    ['amr hwk (a security key)', { amr: ['hwk'] }],
    ['amr fpt (a fingerprint)', { amr: ['pwd', 'fpt'] }],
  ])('holds for %s', (_name, event) => {
    expect(hasMfa(principal(event))).toBe(true);
  });

  it.each([
    ['amr pwd only', { amr: ['pwd'] }],
    ['amr pwd + pin (two things the user knows)', { amr: ['pwd', 'pin'] }],
    ['amr pwd + kba', { amr: ['pwd', 'kba'] }],
    ['another acr', { acr: 'urn:warden:acr:pwd' }],
    ['no amr or acr', {}],
  ])('does not hold for %s', (_name, event) => {
    expect(hasMfa(principal(event))).toBe(false);
  });

  it('lists mfa and no knowledge factor among the second factors', () => {
    expect(SECOND_FACTOR_AMR).toContain('mfa');
    expect(SECOND_FACTOR_AMR).not.toContain('pwd');
    expect(SECOND_FACTOR_AMR).not.toContain('pin');
    expect(Object.isFrozen(SECOND_FACTOR_AMR)).toBe(true);
  });
});

describe(checkStepUp.name, () => {
  const sut = checkStepUp;
  const mfa = [policy().requireMfa().build()];
  const fiveMinutes = [policy().maxAge(300).build()];

  it('holds when no policy asks about the authentication event', () => {
    expect(sut(principal(), [policy().needAll('a').build()], at(NOW))).toBeUndefined();
  });

  it('asks for MFA from a password-only login and admits an otp one', () => {
    expect(sut(principal({ amr: ['pwd'] }), mfa, at(NOW))).toEqual({ mfa: true });
    expect(sut(principal({ amr: ['pwd', 'otp'] }), mfa, at(NOW))).toBeUndefined();
    expect(sut(principal({ acr: MFA_ACR }), mfa, at(NOW))).toBeUndefined();
  });

  describe('maxAge', () => {
    const loggedInAt = NOW - 1000;
    const recent = principal({ auth_time: loggedInAt });

    it('admits a login exactly maxAge seconds old', () => {
      expect(sut(recent, fiveMinutes, at(loggedInAt + 300))).toBeUndefined();
    });

    it('refuses it one second later', () => {
      expect(sut(recent, fiveMinutes, at(loggedInAt + 301))).toEqual({ maxAge: 300 });
    });

    it('admits it within the clock tolerance, and not a second beyond', () => {
      expect(sut(recent, fiveMinutes, at(loggedInAt + 305, 5))).toBeUndefined();
      expect(sut(recent, fiveMinutes, at(loggedInAt + 306, 5))).toEqual({ maxAge: 300 });
    });

    it('refuses a token without auth_time', () => {
      expect(sut(principal({ amr: ['pwd', 'otp'] }), fiveMinutes, at(NOW))).toEqual({
        maxAge: 300,
      });
    });

    it('demands the smallest maxAge of all the policies', () => {
      const both = [...fiveMinutes, policy().maxAge(60).build()];

      expect(sut(recent, both, at(loggedInAt + 61))).toEqual({ maxAge: 60 });
      expect(policy().maxAge(300).maxAge(60).build().maxAge).toBe(60);
    });

    it('refuses a negative or fractional limit when the policy is built', () => {
      expect(() => policy().maxAge(-1)).toThrow(RangeError);
      expect(() => policy().maxAge(1.5)).toThrow(RangeError);
    });
  });

  it('reports both shortfalls together', () => {
    const stale = principal({ amr: ['pwd'], auth_time: NOW - 301 });

    expect(sut(stale, [...mfa, ...fiveMinutes], at(NOW))).toEqual({ mfa: true, maxAge: 300 });
    expect(sut(stale, [policy().requireMfa().maxAge(300).build()], at(NOW))).toEqual({
      mfa: true,
      maxAge: 300,
    });
  });
});
