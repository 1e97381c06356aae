import { accessTokenHash } from './id-token';

describe('accessTokenHash', () => {
  // OIDC Core §A.3 (the example of an ID token with at_hash).
  it('computes the at_hash of the OpenID Connect Core example', () => {
    const accessToken = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';
    expect(accessTokenHash(accessToken, 'RS256')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });

  it('uses SHA-512 for EdDSA and HS512', () => {
    expect(accessTokenHash('x', 'EdDSA')).toHaveLength(43);
    expect(accessTokenHash('x', 'ES256')).toHaveLength(22);
  });
});
