import { isCommonPassword } from './common-password.check';

/**
 * Password rules, as plain functions. Lengths are counted in UTF-8 bytes because that is what
 * bcrypt consumes: it silently ignores everything past byte 72, so a longer password would be
 * accepted but only partly checked. We refuse it instead.
 */
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;

export interface PasswordOwner {
  username: string;
  email: string;
}

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The length problem of a password, or undefined when its length is acceptable. */
export function passwordLengthProblem(password: string): string | undefined {
  const bytes = utf8ByteLength(password);
  if (bytes < PASSWORD_MIN_BYTES) {
    return `password must be at least ${PASSWORD_MIN_BYTES} bytes long`;
  }
  if (bytes > PASSWORD_MAX_BYTES) {
    return `password must be at most ${PASSWORD_MAX_BYTES} bytes of UTF-8 (bcrypt ignores anything past byte ${PASSWORD_MAX_BYTES}); this one is ${bytes} bytes`;
  }
  return undefined;
}

export const COMMON_PASSWORD_PROBLEM =
  'password is one of the most commonly used passwords; choose another';

/** The first rule a password breaks for this owner, or undefined when it breaks none. */
export function passwordProblem(password: string, owner: PasswordOwner): string | undefined {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem) return lengthProblem;
  if (isCommonPassword(password)) return COMMON_PASSWORD_PROBLEM;
  const candidate = password.toLowerCase();
  if (candidate === owner.username.toLowerCase()) return 'password must not equal the username';
  if (candidate === owner.email.toLowerCase()) return 'password must not equal the email';
  return undefined;
}
