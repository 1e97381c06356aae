import { COMMON_PASSWORDS_TEXT } from './common-passwords';

let commonPasswords: ReadonlySet<string> | undefined;

/** The list as a set, built on first use and kept (about 9,000 entries, under 1 MB). */
function loadedList(): ReadonlySet<string> {
  commonPasswords ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter((line) => line !== ''));
  return commonPasswords;
}

/**
 * Whether a password is one of the most common ones (OWASP ASVS 5 V6.2.4, NIST SP 800-63B
 * §3.1.1.2: check new passwords against a list of commonly used ones). Letter case does not
 * help: `PASSWORD1` is as guessable as `password1`.
 */
export function isCommonPassword(password: string): boolean {
  return loadedList().has(password.toLowerCase());
}

/** How many entries the shipped list holds. */
export function commonPasswordCount(): number {
  return loadedList().size;
}
