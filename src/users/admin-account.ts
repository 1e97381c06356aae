import { passwordProblem } from './password/password-rules';

/**
 * The address an administrator gets when none is given (ADMIN_PASSWORD bootstrap, or
 * `npm run users:create-admin` without --email). `localhost` has no TLD, so registration,
 * which wants a real address, can never claim it first; PATCH /users/:id changes it.
 */
export function placeholderEmail(username: string): string {
  return `${username.toLowerCase()}@localhost`;
}

/**
 * The first registration rule ADMIN_PASSWORD breaks for ADMIN_USERNAME, as a configuration
 * problem (docs/architecture.md §7), so a weak one stops start-up before anything else runs.
 */
export function adminPasswordProblem(password: string, username: string): string | undefined {
  const problem = passwordProblem(password, { username, email: placeholderEmail(username) });
  return problem && `ADMIN_PASSWORD is not acceptable: ${problem}`;
}
