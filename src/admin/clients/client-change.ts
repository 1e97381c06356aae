import type { ClientChange } from '../../tokens/clients/clients.service';
import type { UpdateClientDto } from './dto/update-client.dto';

/**
 * The snake_case body of `POST /clients` or `PATCH /clients/:id` as ClientsService takes it,
 * field by field; what is left out stays undefined (a default, or no change).
 */
export function clientChangeOf(body: UpdateClientDto): ClientChange {
  return {
    name: body.name,
    permissions: body.permissions,
    grantTypes: body.grant_types,
    allowedAudiences: body.allowed_audiences,
    attributes: body.attributes,
    redirectUris: body.redirect_uris,
    postLogoutRedirectUris: body.post_logout_redirect_uris,
    tokenEndpointAuthMethod: body.token_endpoint_auth_method,
    firstParty: body.first_party,
    allowedOrigins: body.allowed_origins,
  };
}
