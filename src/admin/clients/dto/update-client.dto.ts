import type { Attributes } from '../../../common/attributes';
import {
  ClientAllowedAudiences,
  ClientAttributes,
  ClientGrantTypes,
  ClientName,
  ClientPermissions,
} from './client-fields';

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
}
