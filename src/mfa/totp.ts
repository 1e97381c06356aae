import { generate, generateSecret, verify } from 'otplib';

/**
 * TOTP (RFC 6238) with the parameters every authenticator app supports (SHA-1, 6 digits, 30 s;
 * §4: the RFC's defaults), through otplib. Time comes from the caller (the injected clock).
 */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const CODE = /^\d{6}$/;

/** A new random secret: 160 bits (RFC 4226 §4 recommends at least that), base32. */
export function newTotpSecret(): string {
  return generateSecret();
}

/**
 * The `otpauth://` URI authenticator apps read from the QR code (Google's Key Uri Format). The
 * parameters are spelled out though they are the defaults: some apps guess otherwise.
 */
export function totpUri(secret: string, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/**
 * The time step `code` is valid for at `now`, when it is one of the current step and its two
 * neighbours (RFC 6238 §5.2: one step either side for clock drift and typing time); undefined
 * otherwise. Refusing a step already used is the caller's job (replay, §5.2).
 */
export async function matchTotp(
  secret: string,
  code: string,
  now: Date,
): Promise<number | undefined> {
  if (!CODE.test(code)) return undefined;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({
    secret,
    token: code,
    epoch,
    // ±30 s around `now` covers exactly the previous, current and next step.
    epochTolerance: TOTP_PERIOD_SECONDS,
  });
  return result.valid ? Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta : undefined;
}

/** The code of `now` (for the service's own checks; tests use an independent implementation). */
export function totpCodeAt(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
