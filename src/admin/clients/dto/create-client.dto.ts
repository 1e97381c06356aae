import type { Attributes } from '../../../common/attributes';
import {
  ClientAllowedAudiences,
  ClientAttributes,
  ClientGrantTypes,
  ClientName,
  ClientPermissions,
} from './client-fields';

/** `POST /clients`: a service client and what its `client_credentials` tokens may carry. */
export class CreateClientDto {
  @ClientName({ required: true })
  name!: string;

  @ClientPermissions({ required: true })
  permissions!: string[];

  @ClientGrantTypes({ required: false })
  grant_types?: string[];

  @ClientAllowedAudiences({ required: false })
  allowed_audiences?: string[];

  @ClientAttributes()
  attributes?: Attributes;
}
