import { thrownCode } from '../../test/thrown-code';
import { AUDIENCE, claims, ISSUER, NOW } from '../../test/token-factory';
import { checkAccessTokenClaims, ClaimRules } from './access-token-claims.check';
import { parseCompactJws } from './compact-jws.parser';

function rules(overrides: Partial<ClaimRules> = {}): ClaimRules {
  return {
    issuers: new Set([ISSUER]),
    audiences: new Set([AUDIENCE]),
    tokenUses: new Set(['access', 'service', 'delegated']),
    clockTolerance: 0,
    maxTokenTtl: 3600,
    ...overrides,
  };
}

/** Claims as JSON.parse would produce them from the given JSON text. */
function fromJson(json: string): Record<string, unknown> {
  const segment = (text: string) => Buffer.from(text).toString('base64url');
  return parseCompactJws(`${segment('{}')}.${segment(json)}.AAAA`).payload;
}

describe(checkAccessTokenClaims.name, () => {
  const sut = checkAccessTokenClaims;

  it('accepts well-formed claims and keeps extra ones', () => {
    expect(sut(claims({ tenant: 't1' }), rules(), NOW)).toMatchObject({
      sub: 'user-1',
      tenant: 't1',
    });
  });

  it.each([
    ['an issuer with a trailing slash', { iss: `${ISSUER}/` }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['a missing issuer', { iss: undefined }],
    ['a missing audience', { aud: undefined }],
    ['a wrong audience', { aud: 'other' }],
    ['an audience list without ours', { aud: ['a', 'b'] }],
    ['an empty audience list', { aud: [] }],
    ['a non-string audience', { aud: [AUDIENCE, 7] }],
    ['exp as a string', { exp: String(NOW + 900) }],
    ['a fractional exp', { exp: NOW + 0.5 }],
    ['a missing iat', { iat: undefined }],
    ['iat in the future', { iat: NOW + 1 }],
    ['nbf in the future', { nbf: NOW + 1 }],
    ['nbf as a string', { nbf: String(NOW) }],
    ['a lifetime above the maximum', { iat: NOW - 10, exp: NOW + 3600 }],
    ['a missing sub', { sub: undefined }],
    ['an empty sub', { sub: '' }],
    ['a missing jti', { jti: undefined }],
    ['a missing client_id', { client_id: undefined }],
    ['an unknown token_use', { token_use: 'refresh' }],
    ['roles that are not a string array', { roles: ['admin', 1] }],
    ['roles as a string', { roles: 'admin' }],
    ['missing permissions', { permissions: undefined }],
    ['a non-string scope', { scope: ['a'] }],
    ['a non-string username', { username: 7 }],
    ['an act without sub', { token_use: 'delegated', act: { act: { sub: 'x' } } }],
    ['a delegated token without act', { token_use: 'delegated' }],
  ])('refuses %s as invalid', (_name, overrides) => {
    expect(thrownCode(() => sut(claims(overrides), rules(), NOW))).toBe('ERR_TOKEN_INVALID');
  });

  it('refuses exp not after iat', () => {
    const backwards = claims({ iat: NOW + 5, nbf: undefined, exp: NOW + 5 });

    expect(thrownCode(() => sut(backwards, rules({ clockTolerance: 10 }), NOW))).toBe(
      'ERR_TOKEN_INVALID',
    );
  });

  it('refuses an actor chain nested too deep', () => {
    let act: Record<string, unknown> = { sub: 'client:0' };
    for (let depth = 1; depth < 10; depth++) act = { sub: `client:${depth}`, act };

    expect(thrownCode(() => sut(claims({ token_use: 'delegated', act }), rules(), NOW))).toBe(
      'ERR_TOKEN_INVALID',
    );
  });

  it('refuses exp written as 1e400 (Infinity after parsing)', () => {
    const payload = fromJson(JSON.stringify(claims()).replace(`"exp":${NOW + 900}`, '"exp":1e400'));

    expect(thrownCode(() => sut(payload, rules(), NOW))).toBe('ERR_TOKEN_INVALID');
  });

  it.each([
    ['equal to now', NOW],
    ['in the past', NOW - 1],
  ])('answers exp %s as expired', (_name, exp) => {
    expect(thrownCode(() => sut(claims({ iat: NOW - 60, nbf: NOW - 60, exp }), rules(), NOW))).toBe(
      'ERR_TOKEN_EXPIRED',
    );
  });

  it('applies the clock tolerance to exp, nbf and iat', () => {
    const skewed = claims({ iat: NOW + 5, nbf: NOW + 5, exp: NOW + 5 + 60 });
    const late = claims({ iat: NOW - 65, nbf: NOW - 65, exp: NOW - 4 });

    expect(sut(skewed, rules({ clockTolerance: 5 }), NOW)).toMatchObject({ sub: 'user-1' });
    expect(sut(late, rules({ clockTolerance: 5 }), NOW)).toMatchObject({ sub: 'user-1' });
    expect(thrownCode(() => sut(late, rules({ clockTolerance: 3 }), NOW))).toBe(
      'ERR_TOKEN_EXPIRED',
    );
  });

  it('accepts an audience list containing ours and a list of accepted issuers', () => {
    const accepted = rules({ issuers: new Set([ISSUER, 'https://other.test']) });

    expect(
      sut(claims({ aud: ['x', AUDIENCE], iss: 'https://other.test' }), accepted, NOW),
    ).toBeTruthy();
  });

  it('accepts a missing nbf', () => {
    expect(sut(claims({ nbf: undefined }), rules(), NOW)).toMatchObject({ sub: 'user-1' });
  });

  it('cannot be fooled by "__proto__" claims', () => {
    const payload = fromJson(
      JSON.stringify(claims({ roles: undefined })).replace(
        '{',
        '{"__proto__":{"roles":["admin"]},',
      ),
    );

    expect(thrownCode(() => sut(payload, rules(), NOW))).toBe('ERR_TOKEN_INVALID');
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
  });
});

describe(`${checkAccessTokenClaims.name}: the authentication event (amr, acr, auth_time)`, () => {
  const sut = checkAccessTokenClaims;

  it('accepts well-formed amr, acr and auth_time, and tokens without them', () => {
    const event = { amr: ['pwd', 'otp'], acr: 'urn:warden:acr:mfa', auth_time: NOW - 60 };

    expect(sut(claims(event), rules(), NOW)).toMatchObject(event);
    expect(sut(claims(), rules(), NOW)).not.toHaveProperty('amr');
  });

  it.each([
    ['amr as a string', { amr: 'pwd' }, 'bad amr'],
    ['an empty amr', { amr: [] }, 'bad amr'],
    ['amr with a number', { amr: ['pwd', 1] }, 'bad amr'],
    ['amr as null', { amr: null }, 'bad amr'],
    ['acr as a number', { acr: 2 }, 'bad acr'],
    ['auth_time as a string', { auth_time: String(NOW) }, 'bad auth_time'],
    ['a fractional auth_time', { auth_time: NOW - 0.5 }, 'bad auth_time'],
    ['auth_time in the future', { auth_time: NOW + 1 }, 'auth_time in the future'],
  ])('refuses %s', (_name, event, reason) => {
    let thrown: unknown;
    try {
      sut(claims(event), rules(), NOW);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({ code: 'ERR_TOKEN_INVALID', reason });
  });

  it('applies the clock tolerance to auth_time', () => {
    expect(sut(claims({ auth_time: NOW + 5 }), rules({ clockTolerance: 5 }), NOW)).toMatchObject({
      auth_time: NOW + 5,
    });
    expect(
      thrownCode(() => sut(claims({ auth_time: NOW + 6 }), rules({ clockTolerance: 5 }), NOW)),
    ).toBe('ERR_TOKEN_INVALID');
  });
});
