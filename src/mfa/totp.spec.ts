import { createHmac } from 'node:crypto';
import { matchTotp, newTotpSecret, totpCodeAt, totpUri, TOTP_PERIOD_SECONDS } from './totp';

// RFC 6238 Appendix B's SHA-1 key, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const AT = new Date(1_111_111_109_000);

/** RFC 4226 §5.3 by hand, 6 digits: an implementation independent of the one under test. */
function hotp(counter: number): string {
  const key = Buffer.from('12345678901234567890', 'ascii');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

function stepOf(date: Date): number {
  return Math.floor(date.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

describe('totp', () => {
  it('computes the RFC 6238 Appendix B codes (their last 6 digits)', async () => {
    // Appendix B, SHA-1, T = 1111111109: 07081804.
    expect(await totpCodeAt(RFC_SECRET, AT)).toBe('081804');
    expect(await totpCodeAt(RFC_SECRET, new Date(59_000))).toBe('287082');
  });

  it('matches the current step and one either side, and says which', async () => {
    const step = stepOf(AT);
    expect(await matchTotp(RFC_SECRET, hotp(step), AT)).toBe(step);
    expect(await matchTotp(RFC_SECRET, hotp(step - 1), AT)).toBe(step - 1);
    expect(await matchTotp(RFC_SECRET, hotp(step + 1), AT)).toBe(step + 1);
  });

  it('refuses codes two steps away, and anything not six digits', async () => {
    const step = stepOf(AT);
    expect(await matchTotp(RFC_SECRET, hotp(step - 2), AT)).toBeUndefined();
    expect(await matchTotp(RFC_SECRET, hotp(step + 2), AT)).toBeUndefined();
    for (const code of ['', '12345', '1234567', 'abcdef', ` ${hotp(step)}`]) {
      expect(await matchTotp(RFC_SECRET, code, AT)).toBeUndefined();
    }
  });

  it('makes 160-bit base32 secrets, each new', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('spells out the parameters in the otpauth URI, with the label encoded', () => {
    const uri = new URL(totpUri('JBSWY3DPEHPK3PXP', 'Warden Test', 'ada lovelace'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Warden Test:ada lovelace');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Warden Test',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
