/**
 * "Refuse this user's access tokens issued before `validAfter`": written to
 * `users.tokens_valid_after` by a password change, a deactivation or "log out everywhere",
 * and announced on a PostgreSQL channel so every replica's in-memory revocation check learns
 * it at once (docs/architecture.md §8). A deleted user is announced the same way.
 */
export const TOKEN_CUTOFF_CHANNEL = 'warden_token_cutoff';

export interface TokenCutoff {
  userId: string;
  /** ISO 8601 with milliseconds. */
  validAfter: string;
}

export function serializeTokenCutoff(cutoff: TokenCutoff): string {
  return JSON.stringify(cutoff);
}

/** The cutoff in a NOTIFY payload, or undefined when the payload is not one. */
export function parseTokenCutoff(payload: string | undefined): TokenCutoff | undefined {
  if (!payload) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { userId, validAfter } = value as Record<string, unknown>;
  if (typeof userId !== 'string' || typeof validAfter !== 'string') return undefined;
  if (Number.isNaN(Date.parse(validAfter))) return undefined;
  return { userId, validAfter };
}
