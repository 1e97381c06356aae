import { Injectable } from '@nestjs/common';
import { ClientsService } from '../clients/clients.service';
import { PUBLIC_CLIENT_GRANT_TYPES, type ServiceClient } from '../clients/service-client';
import { parseClientCredentials } from './client-credentials.parser';
import type { ClientAuthFieldsDto } from './dto/client-auth-fields.dto';

/**
 * What a client authenticates for, which decides whether a public client (a bare `client_id`)
 * is enough: at the token endpoint only for the grants a public client may use, at revocation
 * (RFC 7009 §5: it may revoke its own tokens), never at introspection (RFC 7662 §4: the caller
 * must be a resource server that can be told apart from anyone claiming to be one).
 */
export type ClientAuthPurpose =
  | { endpoint: 'token'; grantType: string | undefined }
  | { endpoint: 'revocation' }
  | { endpoint: 'introspection' };

/** True when a public client, proving nothing, may make this request. */
export function publicClientAllowed(purpose: ClientAuthPurpose): boolean {
  switch (purpose.endpoint) {
    case 'token':
      return (PUBLIC_CLIENT_GRANT_TYPES as readonly (string | undefined)[]).includes(
        purpose.grantType,
      );
    case 'revocation':
      return true;
    case 'introspection':
      return false;
  }
}

/**
 * Client authentication of the OAuth endpoints (RFC 6749 §2.3.1): `client_secret_basic` or
 * `client_secret_post`, never both; or a public client naming itself with `client_id` where
 * publicClientAllowed says so. Failures are InvalidClientError (401 invalid_client). A public
 * client comes back with `tokenEndpointAuthMethod: 'none'` (isPublicClient): the caller knows
 * nothing was proved, and relies on what binds the request instead (PKCE, the refresh token).
 */
@Injectable()
export class ClientAuthenticatorService {
  constructor(private readonly clients: ClientsService) {}

  authenticate(
    authorization: unknown,
    body: ClientAuthFieldsDto,
    purpose: ClientAuthPurpose,
  ): Promise<ServiceClient> {
    const presented = parseClientCredentials({
      authorization,
      clientId: body.client_id,
      clientSecret: body.client_secret,
    });
    return this.clients.authenticate(presented.clientId, presented.clientSecret, {
      allowPublic: publicClientAllowed(purpose),
    });
  }
}
