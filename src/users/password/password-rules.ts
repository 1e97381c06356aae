import { isCommonPassword } from './common-password.check';

/**
 * Password rules, as plain functions, after NIST SP 800-63B §5.1.1.2: a password is compared
 * in its Unicode NFKC form (so "ﬁ" and "fi" are one password), its minimum length counts
 * characters (code points) of that form, and any printable character, space included, is
 * allowed. The maximum is in UTF-8 bytes because that is what bcrypt consumes: it silently
 * ignores everything past byte 72, so a longer password would be accepted but only partly
 * checked. We refuse it instead.
 */
export const PASSWORD_MIN_CHARACTERS = 8;
export const PASSWORD_MAX_BYTES = 72;

export interface PasswordOwner {
  username: string;
  email: string;
}

/** NIST SP 800-63B §5.1.1.2: NFKC before hashing, and before comparing. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Characters as a person counts them: code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  return [...text].length;
}

/** True when bcrypt would read the whole (normalised) password. */
export function fitsBcrypt(normalizedPassword: string): boolean {
  return utf8ByteLength(normalizedPassword) <= PASSWORD_MAX_BYTES;
}

const CONTROL_CHARACTER = /\p{Cc}/u;
const WHITESPACE_ONLY = /^\p{White_Space}+$/u;

/**
 * The first problem of a password's form (characters and length, after NFKC), or undefined.
 * The same rule backs the DTOs (400 with a field message) and the users service.
 */
export function passwordFormProblem(password: string): string | undefined {
  const normalized = normalizePassword(password);
  if (CONTROL_CHARACTER.test(normalized)) {
    return 'password must not contain control characters (tab, newline and the like)';
  }
  if (WHITESPACE_ONLY.test(normalized)) return 'password must not be only whitespace';
  const characters = codePointLength(normalized);
  if (characters < PASSWORD_MIN_CHARACTERS) {
    return `password must be at least ${PASSWORD_MIN_CHARACTERS} characters long; this one is ${characters}`;
  }
  const bytes = utf8ByteLength(normalized);
  if (bytes > PASSWORD_MAX_BYTES) {
    return `password must be at most ${PASSWORD_MAX_BYTES} bytes of UTF-8 (bcrypt ignores anything past byte ${PASSWORD_MAX_BYTES}); this one is ${bytes} bytes`;
  }
  return undefined;
}

export const COMMON_PASSWORD_PROBLEM =
  'password is one of the most commonly used passwords; choose another';

/** The first rule a password breaks for this owner, or undefined when it breaks none. */
export function passwordProblem(password: string, owner: PasswordOwner): string | undefined {
  const formProblem = passwordFormProblem(password);
  if (formProblem) return formProblem;
  const normalized = normalizePassword(password);
  if (isCommonPassword(normalized)) return COMMON_PASSWORD_PROBLEM;
  const candidate = normalized.toLowerCase();
  if (candidate === normalizePassword(owner.username).toLowerCase()) {
    return 'password must not equal the username';
  }
  if (candidate === normalizePassword(owner.email).toLowerCase()) {
    return 'password must not equal the email';
  }
  return undefined;
}
