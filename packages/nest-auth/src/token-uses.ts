import type { TokenUse } from './access-token-claims';

/**
 * The callers an app usually admits, as `requiredTokenUse` values (docs/architecture.md §3 says
 * which grant issues which `token_use`). Each is a frozen list; its name works as well.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({ ...options, requiredTokenUse: TOKEN_USES.usersAndDelegates });
 * AuthModule.forRoot({ ...options, requiredTokenUse: 'usersAndDelegates' });
 * ```
 */
export const TOKEN_USES = Object.freeze({
  /** A user's own session: the access token of a login or a refresh (`access`). */
  users: Object.freeze(['access'] as const),
  /** A service calling for itself: a client's `client_credentials` token (`service`). */
  services: Object.freeze(['service'] as const),
  /**
   * A service calling for a user: a token a gateway obtained by RFC 8693 token exchange, the user
   * as `sub` and the service in `act` (`delegated`).
   */
  delegates: Object.freeze(['delegated'] as const),
  /** Every token with a user as its subject: their own session, or a service acting for them. */
  usersAndDelegates: Object.freeze(['access', 'delegated'] as const),
  /** Every token a service holds: its own `client_credentials` token, or one exchanged for a user. */
  machines: Object.freeze(['service', 'delegated'] as const),
  /** Any Warden access token (what an app gets without `requiredTokenUse`). */
  any: Object.freeze(['access', 'service', 'delegated'] as const),
});

/** The name of a preset of TOKEN_USES: `'users'`, `'services'`, `'delegates'`, ... */
export type TokenUsePreset = keyof typeof TOKEN_USES;

/**
 * What `requiredTokenUse` takes: a preset (its list or its name), one token use, or a list of
 * them. Preset names and token uses are distinct words, so a string means one thing only.
 */
export type RequiredTokenUse = TokenUsePreset | TokenUse | readonly TokenUse[];

const PRESET_NAMES = Object.keys(TOKEN_USES) as TokenUsePreset[];
const USES: readonly TokenUse[] = TOKEN_USES.any;

/**
 * The token uses a requirement admits, or undefined when it is not a valid requirement (an
 * unknown word, an empty list, a list holding anything but token uses).
 */
export function tokenUsesOf(requirement: unknown): readonly TokenUse[] | undefined {
  if (typeof requirement === 'string') {
    if (Object.hasOwn(TOKEN_USES, requirement)) return TOKEN_USES[requirement as TokenUsePreset];
    return isTokenUse(requirement) ? [requirement] : undefined;
  }
  if (!Array.isArray(requirement) || requirement.length === 0) return undefined;
  return requirement.every(isTokenUse) ? requirement : undefined;
}

/** The start-up problem of a requirement tokenUsesOf refuses: what it got and what it takes. */
export function tokenUseProblem(requirement: unknown): string {
  return (
    `requiredTokenUse ${shown(requirement)} is not allowed: use a preset ` +
    `(${PRESET_NAMES.join(', ')}), a token use (${USES.join(', ')}) or a non-empty list of ` +
    'token uses'
  );
}

function isTokenUse(value: unknown): value is TokenUse {
  return typeof value === 'string' && (USES as readonly string[]).includes(value);
}

/** The value as it would be written in code, cut short: options may come from untyped config. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
