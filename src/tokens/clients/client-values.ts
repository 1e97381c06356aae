import { type Attributes, changedAttributeNames } from '../../common/attributes';
import type { ClientEntity } from './client.entity';
import type { ServiceClient, TokenEndpointAuthMethod } from './service-client';

/** `PATCH /clients/:id`: only the fields present change; each replaces the stored value. */
export interface ClientChange {
  name?: string;
  permissions?: readonly string[];
  grantTypes?: readonly string[];
  allowedAudiences?: readonly string[];
  attributes?: Attributes;
  redirectUris?: readonly string[];
  postLogoutRedirectUris?: readonly string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  firstParty?: boolean;
  allowedOrigins?: readonly string[];
}

/** What a change writes, and what its audit row says of it. */
export interface ChangedClientValues {
  patch: Partial<ClientEntity>;
  /** The changed fields by name. */
  fields: string[];
  /** The attribute members that changed, by name only. */
  attributes: string[];
}

/** Fields that are sets of names: the same names in another order are no change. */
const NAME_SETS = [
  'permissions',
  'grantTypes',
  'allowedAudiences',
  'redirectUris',
  'postLogoutRedirectUris',
  'allowedOrigins',
] as const;

/** The URI lists a `client.updated` row shows as changed to (never secrets, none are). */
export const AUDITED_URI_FIELDS = [
  'redirectUris',
  'postLogoutRedirectUris',
  'allowedOrigins',
] as const;

/** The columns a change writes, the fields its audit row names, the attributes that changed. */
export function changedClientValues(
  stored: ClientEntity,
  change: ClientChange,
): ChangedClientValues {
  const patch: Partial<ClientEntity> = {};
  if (change.name !== undefined && change.name !== stored.name) patch.name = change.name;
  for (const field of NAME_SETS) {
    const names = change[field];
    if (names !== undefined && !sameNames(stored[field], names)) patch[field] = [...new Set(names)];
  }
  const method = change.tokenEndpointAuthMethod;
  if (method !== undefined && method !== stored.tokenEndpointAuthMethod) {
    patch.tokenEndpointAuthMethod = method;
  }
  if (change.firstParty !== undefined && change.firstParty !== stored.firstParty) {
    patch.firstParty = change.firstParty;
  }
  const attributes = change.attributes
    ? changedAttributeNames(stored.attributes, change.attributes)
    : [];
  if (attributes.length > 0) patch.attributes = { ...change.attributes };
  return { patch, fields: Object.keys(patch), attributes };
}

function sameNames(stored: readonly string[], requested: readonly string[]): boolean {
  const names = new Set(stored);
  const wanted = new Set(requested);
  return names.size === wanted.size && [...wanted].every((name) => names.has(name));
}

/** Field by field: the digest never leaves ClientsService. */
export function toServiceClient(entity: ClientEntity): ServiceClient {
  return {
    clientId: entity.clientId,
    name: entity.name,
    permissions: [...entity.permissions],
    grantTypes: [...entity.grantTypes],
    allowedAudiences: [...(entity.allowedAudiences ?? [])],
    attributes: structuredClone({ ...(entity.attributes ?? {}) }),
    redirectUris: [...(entity.redirectUris ?? [])],
    postLogoutRedirectUris: [...(entity.postLogoutRedirectUris ?? [])],
    tokenEndpointAuthMethod: entity.tokenEndpointAuthMethod,
    firstParty: entity.firstParty,
    allowedOrigins: [...(entity.allowedOrigins ?? [])],
    isActive: entity.isActive,
    createdAt: entity.createdAt.toISOString(),
  };
}
