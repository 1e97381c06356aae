import {
  looksLikeRecoveryCode,
  newRecoveryCodes,
  RECOVERY_CODE_COUNT,
  recoveryCodeDigest,
} from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten distinct codes of four groups of four base32 characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });

  it('digests a code the same whatever its case, dashes or spaces', () => {
    const [code] = newRecoveryCodes(1);
    const digest = recoveryCodeDigest(code);
    expect(recoveryCodeDigest(code.toLowerCase())).toEqual(digest);
    expect(recoveryCodeDigest(code.replace(/-/g, ''))).toEqual(digest);
    expect(recoveryCodeDigest(code.replace(/-/g, ' '))).toEqual(digest);
    expect(recoveryCodeDigest(newRecoveryCodes(1)[0])).not.toEqual(digest);
  });

  it('never stores the code itself: a 32-byte SHA-256 digest', () => {
    const [code] = newRecoveryCodes(1);
    const digest = recoveryCodeDigest(code);
    expect(digest).toHaveLength(32);
    expect(digest.toString('utf8')).not.toContain(code.replace(/-/g, ''));
  });

  it('tells what cannot be a code before any lookup', () => {
    for (const typed of ['', 'AAAA-AAAA-AAAA', 'AAAA-AAAA-AAAA-AAA1', '0000-0000-0000-0000']) {
      expect(looksLikeRecoveryCode(typed)).toBe(false);
    }
  });
});
