import { base32Decode, base32Encode, hotp, totpAt } from './totp';

// The helper every MFA test computes codes with must itself be right: RFC 6238 Appendix B.
describe('test TOTP helper', () => {
  const asciiSecret = Buffer.from('12345678901234567890', 'ascii');
  const secret = base32Encode(asciiSecret);

  it('round-trips base32 (RFC 4648 §10 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(base32Decode('mzxw6ytb').toString()).toBe('fooba');
    expect(base32Decode(secret).equals(asciiSecret)).toBe(true);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('RFC 6238 Appendix B SHA-1 at T=%i is %s', (time, expected) => {
    expect(totpAt(secret, time, 8)).toBe(expected);
  });

  it('RFC 4226 Appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314'];
    expected.forEach((code, counter) => expect(hotp(asciiSecret, counter)).toBe(code));
  });

  it('six digits are the last six of eight', () => {
    expect(totpAt(secret, 59)).toBe('287082');
  });
});
