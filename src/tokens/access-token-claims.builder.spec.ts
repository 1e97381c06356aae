import {
  AccessTokenSubject,
  buildAccessTokenClaims,
  delegatedTokenTtl,
  tokenTiming,
} from './access-token-claims.builder';

const NOW = 1_800_000_000;

function subject(overrides: Partial<AccessTokenSubject> = {}): AccessTokenSubject {
  return {
    sub: '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10',
    tokenUse: 'access',
    clientId: 'warden',
    roles: ['user'],
    permissions: ['reports:read'],
    username: 'ada',
    ...overrides,
  };
}

describe(tokenTiming.name, () => {
  it('issues now, valid from now, for exactly the ttl', () => {
    expect(tokenTiming({ now: NOW, ttl: 900, maxAhead: 5 })).toEqual({
      iat: NOW,
      nbf: NOW,
      exp: NOW + 900,
    });
  });

  it('gives a refreshed token a strictly later exp, even within the same second', () => {
    const first = tokenTiming({ now: NOW, ttl: 900, maxAhead: 5 });
    const second = tokenTiming({ now: NOW, ttl: 900, maxAhead: 5, previousExp: first.exp });
    const third = tokenTiming({ now: NOW, ttl: 900, maxAhead: 5, previousExp: second.exp });

    expect(second.exp).toBeGreaterThan(first.exp);
    expect(third.exp).toBeGreaterThan(second.exp);
    expect(third.exp - third.iat).toBe(900);
    expect(third.nbf).toBe(NOW);
  });

  it('never moves iat further ahead than the verifiers tolerate', () => {
    const timing = tokenTiming({ now: NOW, ttl: 900, maxAhead: 2, previousExp: NOW + 950 });

    expect(timing.iat).toBe(NOW + 2);
    expect(timing.exp - timing.iat).toBe(900);
  });

  it('ignores a predecessor that expires well before the new token', () => {
    expect(tokenTiming({ now: NOW, ttl: 900, maxAhead: 5, previousExp: NOW - 10 }).iat).toBe(NOW);
  });

  it('issues no earlier than the second after a revocation', () => {
    const timing = tokenTiming({ now: NOW, ttl: 900, maxAhead: 0, earliestIssuedAt: NOW + 1 });

    expect(timing).toMatchObject({ iat: NOW + 1, exp: NOW + 901 });
  });

  it('caps exp at notAfter and refuses a token born expired', () => {
    expect(tokenTiming({ now: NOW, ttl: 300, maxAhead: 5, notAfter: NOW + 60 }).exp).toBe(NOW + 60);
    expect(() => tokenTiming({ now: NOW, ttl: 300, maxAhead: 5, notAfter: NOW })).toThrow(
      RangeError,
    );
  });
});

describe(delegatedTokenTtl.name, () => {
  it('is at most 300 s and never outlives its subject token', () => {
    expect(delegatedTokenTtl(NOW + 900, NOW)).toBe(300);
    expect(delegatedTokenTtl(NOW + 120, NOW)).toBe(120);
    expect(delegatedTokenTtl(NOW + 900, NOW, 60)).toBe(60);
    expect(delegatedTokenTtl(NOW - 1, NOW)).toBe(0);
  });
});

describe(buildAccessTokenClaims.name, () => {
  const issuer = { iss: 'https://auth.example.com', aud: 'api' };
  const timing = { iat: NOW, nbf: NOW, exp: NOW + 900 };

  it('holds every claim of docs/architecture.md §3', () => {
    const claims = buildAccessTokenClaims(subject(), issuer, timing, 'jti-1');

    expect(claims).toEqual({
      iss: 'https://auth.example.com',
      sub: '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10',
      aud: 'api',
      exp: NOW + 900,
      iat: NOW,
      nbf: NOW,
      jti: 'jti-1',
      client_id: 'warden',
      token_use: 'access',
      roles: ['user'],
      permissions: ['reports:read'],
      username: 'ada',
    });
  });

  it('leaves optional claims out rather than undefined, and carries act and scope', () => {
    const service = buildAccessTokenClaims(
      subject({ sub: 'client:billing', tokenUse: 'service', username: undefined, scope: 'read' }),
      issuer,
      timing,
      'jti-2',
    );
    const delegated = buildAccessTokenClaims(
      subject({ tokenUse: 'delegated', act: { sub: 'client:billing' } }),
      issuer,
      timing,
      'jti-3',
    );

    expect('username' in service).toBe(false);
    expect('act' in service).toBe(false);
    expect(service.scope).toBe('read');
    expect(delegated.act).toEqual({ sub: 'client:billing' });
  });

  it('carries the session id as sid, and leaves it out when there is none', () => {
    const session = buildAccessTokenClaims(subject({ sid: 'family-1' }), issuer, timing, 'j-1');
    const service = buildAccessTokenClaims(
      subject({ sub: 'client:billing', tokenUse: 'service' }),
      issuer,
      timing,
      'j-2',
    );

    expect(session.sid).toBe('family-1');
    expect('sid' in service).toBe(false);
  });

  it('copies the arrays and drops duplicate permissions', () => {
    const roles = ['user'];
    const claims = buildAccessTokenClaims(
      subject({ roles, permissions: ['a', 'b', 'a'] }),
      issuer,
      timing,
      'j',
    );
    roles.push('admin');

    expect(claims.roles).toEqual(['user']);
    expect(claims.permissions).toEqual(['a', 'b']);
  });
});
