import type { Attributes } from '../common/attributes';
import { UserEntity } from './user.entity';

/**
 * A `users` row read by another module's statement in the same round trip (a join), e.g. the
 * owner of a refresh token being spent. The password hash is never among the columns.
 */
const COLUMNS = [
  'id',
  'username',
  'email',
  'roles',
  'permissions',
  'is_active',
  'created_at',
  'updated_at',
  'attributes',
  'mfa_enabled',
  'tokens_valid_after',
] as const;

type Column = (typeof COLUMNS)[number];

/** The select list `<alias>.<column> AS <prefix><column>` of every column above. */
export function userColumns(alias: string, prefix: string): string {
  return COLUMNS.map((column) => `${alias}.${column} AS ${prefix}${column}`).join(', ');
}

/** The user of a row selected with userColumns(…, prefix); null when the join found none. */
export function userFromColumns(row: Record<string, unknown>, prefix: string): UserEntity | null {
  const value = (column: Column): unknown => row[`${prefix}${column}`];
  if (value('id') === null || value('id') === undefined) return null;
  const user = new UserEntity();
  user.id = value('id') as string;
  user.username = value('username') as string;
  user.email = value('email') as string;
  user.roles = value('roles') as string[];
  user.permissions = value('permissions') as string[];
  user.isActive = value('is_active') as boolean;
  user.createdAt = value('created_at') as Date;
  user.updatedAt = value('updated_at') as Date;
  user.attributes = value('attributes') as Attributes;
  user.mfaEnabled = value('mfa_enabled') as boolean;
  user.tokensValidAfter = value('tokens_valid_after') as Date | null;
  return user;
}
