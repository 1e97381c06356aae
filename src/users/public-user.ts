import type { Attributes } from '../common/attributes';

/**
 * The only shape of a user that leaves UsersModule (docs/architecture.md §5). `permissions` are
 * the effective ones: the user's own plus its roles'. Never a hash, a lock counter or a
 * timestamp the client has no use for.
 */
export interface PublicUser {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  roles: string[];
  permissions: string[];
  /** Administrator-set data, the source of an API's custom claims. */
  attributes: Attributes;
  /** Whether logins need a second factor (a confirmed TOTP authenticator). */
  mfaEnabled: boolean;
  /** ISO 8601. */
  createdAt: string;
}

/** The fields of a stored user that PublicUser is made of. */
export interface PublicUserSource {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  roles: readonly string[];
  attributes?: Attributes | null;
  mfaEnabled: boolean;
  createdAt: Date;
}

/** Copies field by field, so nothing added to the entity later leaks by accident. */
export function toPublicUser(user: PublicUserSource, permissions: readonly string[]): PublicUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    isActive: user.isActive,
    roles: [...user.roles],
    permissions: [...permissions],
    attributes: structuredClone({ ...(user.attributes ?? {}) }),
    mfaEnabled: user.mfaEnabled,
    createdAt: user.createdAt.toISOString(),
  };
}
