import { AUDITED_URI_FIELDS, type ChangedClientValues } from './client-values';
import type { ServiceClient } from './service-client';

// What the audit rows of a client's registration and changes say: names and values, never a
// secret (there is none in a ServiceClient); attributes by member name only, since their values
// may be personal data.

/** The `client.created` row: the values, but lists only when set, attributes by name only. */
export function createdDetails(client: ServiceClient): Record<string, unknown> {
  const attributeNames = Object.keys(client.attributes).sort();
  const lists = {
    allowedAudiences: client.allowedAudiences,
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    allowedOrigins: client.allowedOrigins,
    attributes: attributeNames,
  };
  return {
    name: client.name,
    permissions: client.permissions,
    grantTypes: client.grantTypes,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    ...(client.firstParty && { firstParty: true }),
    ...Object.fromEntries(Object.entries(lists).filter(([, values]) => values.length > 0)),
  };
}

/** The `client.updated` row: the changed fields, the attribute members, the new URI lists. */
export function updatedDetails({
  patch,
  fields,
  attributes,
}: ChangedClientValues): Record<string, unknown> {
  const uris = AUDITED_URI_FIELDS.filter((field) => patch[field] !== undefined);
  return {
    fields,
    ...(attributes.length > 0 && { attributes }),
    ...Object.fromEntries(uris.map((field) => [field, patch[field]])),
  };
}
