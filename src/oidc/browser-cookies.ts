import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The hosted pages' cookies. On an https issuer they carry the `__Host-` prefix (RFC 6265bis
 * §4.1.3.2: Secure, Path=/, no Domain, so no sibling host can set or shadow them). A browser
 * refuses a `__Host-` cookie without Secure, and Secure cookies need https, so an http issuer
 * (loopback development) gets the same cookies without the prefix and without Secure.
 */
export interface CookieNames {
  session: string;
  csrf: string;
  secure: boolean;
}

export function cookieNames(issuer: string): CookieNames {
  const secure = new URL(issuer).protocol === 'https:';
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}warden_session`, csrf: `${prefix}warden_csrf`, secure };
}

/** The value of one cookie of a `Cookie` header (RFC 6265 §5.4), undefined when absent. */
export function readCookie(header: unknown, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax (top-level redirects from apps carry it). */
export function setCookie(
  names: CookieNames,
  name: string,
  value: string,
  maxAgeSeconds: number,
): string {
  const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  attributes.push(`Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`);
  if (names.secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearCookie(names: CookieNames, name: string): string {
  return setCookie(names, name, '', 0);
}

/** 256 random bits, base64url: session cookies and CSRF tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isRandomToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}

/**
 * Double-submit CSRF check (OWASP): the form's hidden `csrf_token` equals this browser's CSRF
 * cookie. Another site can make the browser post the form, but can read neither.
 */
export function csrfMatches(cookie: string | undefined, field: unknown): boolean {
  if (!isRandomToken(cookie) || !isRandomToken(field)) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}
