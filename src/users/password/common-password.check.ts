import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The list, one password a line under a `#` header naming its source and licence. It sits
 * beside this module both in src/ (tests) and in dist/src/ (nest-cli.json copies it there as an
 * asset). Regenerate it with scripts/common-passwords/update.mjs.
 */
export const COMMON_PASSWORDS_FILE = join(__dirname, 'common-passwords.txt');

let commonPasswords: ReadonlySet<string> | undefined;

/** The entries of a list file: `#` lines are its header and blank lines are no entry. */
export function parseCommonPasswords(text: string): ReadonlySet<string> {
  const entries = text
    .split('\n')
    // A checkout with CRLF line ends must not turn every entry into "password\r".
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line !== '' && !line.startsWith('#'));
  return new Set(entries);
}

/** The list as a set, read on first use and kept (about 9,000 entries, under 1 MB). */
function loadedList(): ReadonlySet<string> {
  commonPasswords ??= parseCommonPasswords(readFileSync(COMMON_PASSWORDS_FILE, 'utf8'));
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
