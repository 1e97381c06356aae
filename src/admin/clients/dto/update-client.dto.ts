import type { Attributes } from '../../../common/attributes';
import type { TokenEndpointAuthMethod } from '../../../tokens/clients/service-client';
import {
  ClientAllowedAudiences,
  ClientAttributes,
  ClientFirstParty,
  ClientGrantTypes,
  ClientName,
  ClientPermissions,
  ClientTokenEndpointAuthMethod,
} from './client-fields';
import {
  ClientAllowedOrigins,
  ClientPostLogoutRedirectUris,
  ClientRedirectUris,
} from './client-uri-fields';

/** `PATCH /clients/:id`: only the fields present change; each replaces the stored value. */
export class UpdateClientDto {
  @ClientName({ required: false })
  name?: string;

  @ClientPermissions({ required: false })
  permissions?: string[];

  @ClientGrantTypes({ required: false })
  grant_types?: string[];

  @ClientAllowedAudiences({ required: false })
  allowed_audiences?: string[];

  @ClientAttributes()
  attributes?: Attributes;

  @ClientRedirectUris()
  redirect_uris?: string[];

  @ClientPostLogoutRedirectUris()
  post_logout_redirect_uris?: string[];

  @ClientTokenEndpointAuthMethod({ required: false })
  token_endpoint_auth_method?: TokenEndpointAuthMethod;

  @ClientFirstParty({ required: false })
  first_party?: boolean;

  @ClientAllowedOrigins()
  allowed_origins?: string[];
}
