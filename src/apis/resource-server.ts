import type { TokenUse } from '@warden/nest-auth';
import type { ApiEntity } from './api.entity';

export const TOKEN_USES: readonly TokenUse[] = ['access', 'service', 'delegated'];

/**
 * An API (resource server) as the rest of the service sees it. The built-in one is the
 * service's own audience (JWT_AUDIENCE): it defines every permission, keeps the lifetimes of the
 * configuration, accepts every token use and maps no attributes.
 */
export interface ResourceServer {
  identifier: string;
  name: string;
  /** The permissions it defines; undefined for the built-in API (every permission). */
  permissions: readonly string[] | undefined;
  /** Seconds; undefined: the default lifetime of the token's use. */
  accessTokenTtl: number | undefined;
  allowedTokenUses: readonly TokenUse[];
  /** Subject attributes that become claims in its tokens. */
  claims: readonly string[];
  builtIn: boolean;
  /** ISO 8601; undefined for the built-in API. */
  createdAt?: string;
  updatedAt?: string;
}

export const BUILT_IN_API_NAME = 'Warden (built-in)';

/** The service's own audience as an API. */
export function builtInApi(audience: string): ResourceServer {
  return {
    identifier: audience,
    name: BUILT_IN_API_NAME,
    permissions: undefined,
    accessTokenTtl: undefined,
    allowedTokenUses: TOKEN_USES,
    claims: [],
    builtIn: true,
  };
}

/** Copies field by field, so a column added later never leaks by accident. */
export function toResourceServer(entity: ApiEntity): ResourceServer {
  return {
    identifier: entity.identifier,
    name: entity.name,
    permissions: [...entity.permissions],
    accessTokenTtl: entity.accessTokenTtl ?? undefined,
    allowedTokenUses: TOKEN_USES.filter((use) => entity.allowedTokenUses.includes(use)),
    claims: [...entity.claims],
    builtIn: false,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}
