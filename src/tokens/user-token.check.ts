import { WardenError } from '../common/errors';
import type { Principal, TokenUse } from '@warden/nest-auth';
import { clientIdOfSubject } from './clients/service-client';

/**
 * 403: a valid token of the wrong kind for a route about a user's own account, such as a
 * service token (`sub: "client:<id>"`, no user behind it) on `/auth/me`. Not a 401: the token
 * is fine and authenticating again would not help (RFC 6750 §3.1 `insufficient_scope`).
 */
export class UserTokenRequiredError extends WardenError {
  readonly code = 'ERR_USER_TOKEN_REQUIRED';

  constructor(accepted: readonly TokenUse[]) {
    super("This route needs a user's own access token", { accepted: [...accepted] });
  }
}

/** Token uses that speak for a user: a session token, and a token delegated by one. */
export const USER_TOKEN_USES: readonly TokenUse[] = ['access', 'delegated'];

/**
 * The principal, when its `token_use` is one of `accepted` and its `sub` is a user;
 * UserTokenRequiredError otherwise. A delegated token's `sub` is the user it acts for, so
 * reading the account is fine, but what only the user may do (changing the password) accepts
 * `['access']` alone. A token delegated from a service token has a client as its `sub`.
 */
export function requireUserToken(principal: Principal, accepted: readonly TokenUse[]): Principal {
  if (!accepted.includes(principal.tokenUse)) throw new UserTokenRequiredError(accepted);
  if (clientIdOfSubject(principal.sub) !== undefined) throw new UserTokenRequiredError(accepted);
  return principal;
}
