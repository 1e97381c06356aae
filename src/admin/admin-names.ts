/**
 * The shapes of role and permission names an administrator may write. Permissions are matched
 * literally by the policy check (no wildcards), so `*` is refused rather than silently meaning
 * nothing; whitespace and control characters could not be told apart in tokens and logs.
 */
export const ROLE_NAME = /^[a-z][a-z0-9._-]{0,63}$/;
export const ROLE_NAME_RULE = '1 to 64 of a-z 0-9 . _ -, starting with a letter';

export const PERMISSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const PERMISSION_NAME_RULE =
  '1 to 100 of A-Z a-z 0-9 . _ : -, starting with a letter or digit';

/** How many roles or permissions one request may set. */
export const MAX_NAMES = 100;
