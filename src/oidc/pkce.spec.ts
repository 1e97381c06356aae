import { isS256Challenge, verifierMatches } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('pkce', () => {
  it('accepts the verifier of RFC 7636 Appendix B', () => {
    expect(verifierMatches(VERIFIER, CHALLENGE)).toBe(true);
  });

  it('refuses another verifier, a short one and a malformed challenge', () => {
    expect(verifierMatches(`${VERIFIER.slice(0, -1)}l`, CHALLENGE)).toBe(false);
    expect(verifierMatches('short', CHALLENGE)).toBe(false);
    expect(verifierMatches(VERIFIER, `${CHALLENGE}=`)).toBe(false);
  });

  it('knows an S256 challenge by its shape', () => {
    expect(isS256Challenge(CHALLENGE)).toBe(true);
    expect(isS256Challenge(`${CHALLENGE}A`)).toBe(false);
    expect(isS256Challenge(`${CHALLENGE.slice(1)}.`)).toBe(false);
  });
});
