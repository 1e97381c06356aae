import { InvalidClientError } from '../oauth/oauth.errors';
import type { ClientEntity } from './client.entity';
import { clientSecretMatches, UNKNOWN_CLIENT_HASH } from './client-secret';
import { toServiceClient } from './client-values';
import { isPublicClient, type ServiceClient } from './service-client';

export interface ClientAuthenticationOptions {
  /**
   * Whether a public client, naming itself without a secret, is accepted: only where the caller
   * needs no proof of who calls (RFC 6749 §2.1 and §10.2; RFC 7009 §5).
   */
  allowPublic?: boolean;
}

/**
 * The decision of ClientsService.authenticate on the row found for the presented id (null when
 * there is none): the active client whose secret this is, or, with `allowPublic`, the active
 * public client named without a secret. InvalidClientError otherwise, the same for every
 * reason. Every case costs one digest comparison, so timing tells nothing of the secret.
 */
export function authenticatedClient(
  entity: ClientEntity | null,
  clientSecret: string | undefined,
  { allowPublic = false }: ClientAuthenticationOptions,
): ServiceClient {
  const storedHash = entity?.secretHash ?? UNKNOWN_CLIENT_HASH;
  const matches = clientSecretMatches(clientSecret ?? '', storedHash);
  if (!entity?.isActive) throw new InvalidClientError();
  if (isPublicClient(entity)) {
    // A secret sent for a client that has none is a misconfiguration or a guess: refused.
    if (clientSecret !== undefined || !allowPublic) throw new InvalidClientError();
  } else if (clientSecret === undefined || !matches) {
    throw new InvalidClientError();
  }
  return toServiceClient(entity);
}
