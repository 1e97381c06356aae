import { GRANT_TYPES, type ServiceClient } from '../tokens/clients/service-client';

/**
 * Whether a client's user tokens carry the user's roles. A third-party client registered for
 * the authorization code flow gets a token a user clicked through to, not one made from a
 * password the user typed into it: it carries the permissions the user consented to (within
 * the client's own), never the roles an API may trust wholesale (`@Roles('admin')`).
 */
export function tokensCarryRoles(client: ServiceClient): boolean {
  return client.firstParty || !client.grantTypes.includes(GRANT_TYPES.authorizationCode);
}
