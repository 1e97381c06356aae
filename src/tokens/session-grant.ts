import { attributeClaims, permittedFor, TokenTarget } from '../apis/token-target';
import type { PublicUser } from '../users/public-user';
import type { AccessTokenSubject } from './access-token-claims.builder';
import type { Authentication } from './authentication';
import { FIRST_PARTY_CLIENT_ID, IssuedAccessToken } from './access-token.issuer';
import { firstValidIssueSecond } from './revocation.state';
import { parseScope } from './scope';
import type { TokenResponse } from './token-response';

/** What a session's access token is issued under: its client, scope, session id and API. */
export interface SessionGrant {
  clientId?: string;
  scope?: string;
  /** The refresh family's id: the token's `sid`. */
  sid: string;
  target: TokenTarget;
  /** How the session's login authenticated; none for families older than the record. */
  authentication?: Authentication;
  /** A third-party browser client's tokens: the user's roles stay out (src/oidc). */
  withoutRoles?: boolean;
}

/**
 * A session token: the user's permissions, or those the session's scope names that remain, less
 * those its API does not define; the API's attributes as claims.
 */
export function sessionSubject(user: PublicUser, grant: SessionGrant): AccessTokenSubject {
  const scoped = parseScope(grant.scope);
  const held =
    scoped === undefined ? user.permissions : scoped.filter((p) => user.permissions.includes(p));
  return {
    sub: user.id,
    tokenUse: 'access',
    clientId: grant.clientId ?? FIRST_PARTY_CLIENT_ID,
    roles: grant.withoutRoles ? [] : user.roles,
    permissions: permittedFor(grant.target, held),
    username: user.username,
    scope: grant.scope,
    sid: grant.sid,
    authentication: grant.authentication,
    customClaims: attributeClaims(grant.target, user.attributes),
  };
}

/**
 * The enrolment token's subject (src/mfa/enrolment-token.ts): the user, with no role or
 * permission, so nothing but the enrolment routes can make anything of it.
 */
export function enrolmentSubject(
  user: PublicUser,
  clientId: string | undefined,
  authentication: Authentication,
): AccessTokenSubject {
  return {
    sub: user.id,
    tokenUse: 'access',
    clientId: clientId ?? FIRST_PARTY_CLIENT_ID,
    roles: [],
    permissions: [],
    username: user.username,
    authentication,
  };
}

/** The later of the stored revocation instant and the one this replica heard of. */
export function earliest(
  validAfter: Date | null | undefined,
  heard: number | undefined,
): number | undefined {
  const stored = validAfter ? firstValidIssueSecond(validAfter) : undefined;
  if (stored === undefined) return heard;
  return heard === undefined ? stored : Math.max(stored, heard);
}

export function tokenResponse(
  access: IssuedAccessToken,
  refreshToken: string,
  user: PublicUser,
): TokenResponse {
  const response: TokenResponse = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: refreshToken,
    user,
  };
  if (access.claims.scope !== undefined) response.scope = access.claims.scope;
  return response;
}
